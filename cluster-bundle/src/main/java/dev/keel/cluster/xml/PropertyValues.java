package dev.keel.cluster.xml;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** One {@code <property>} of an endpoint description: its value-type, scalar, array, list or set. */
final class PropertyValues {

    private PropertyValues() {
    }

    static Object read(Element p) {
        String type = p.hasAttribute("value-type") ? p.getAttribute("value-type") : "String";
        if (p.hasAttribute("value")) {
            return scalar(type, p.getAttribute("value"));
        }
        for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                List<Object> values = new ArrayList<>();
                for (Node v = c.getFirstChild(); v != null; v = v.getNextSibling()) {
                    if (v instanceof Element e && "value".equals(e.getLocalName())) {
                        values.add(scalar(type, e.getTextContent()));
                    }
                }
                return switch (c.getLocalName()) {
                    case "array" -> array(type, values);
                    case "set" -> new LinkedHashSet<>(values);
                    case "list" -> values;
                    default -> c.getTextContent(); // <xml>: kept as text
                };
            }
        }
        return scalar(type, p.getTextContent().trim());
    }

    static Element write(Document doc, String name, Object value) {
        Element p = doc.createElementNS(EndpointXml.NS, "property");
        p.setAttribute("name", name);
        if (value == null) {
            p.setAttribute("value", "");
        } else if (value.getClass().isArray()) {
            Class<?> component = value.getClass().getComponentType();
            p.setAttribute("value-type", typeName(component));
            Element array = doc.createElementNS(EndpointXml.NS, "array");
            for (int i = 0; i < Array.getLength(value); i++) {
                array.appendChild(valueElement(doc, Array.get(value, i)));
            }
            p.appendChild(array);
        } else if (value instanceof Collection<?> c) {
            p.setAttribute("value-type", c.isEmpty() ? "String" : typeName(c.iterator().next().getClass()));
            Element list = doc.createElementNS(EndpointXml.NS, value instanceof Set ? "set" : "list");
            for (Object o : c) {
                list.appendChild(valueElement(doc, o));
            }
            p.appendChild(list);
        } else {
            p.setAttribute("value-type", typeName(value.getClass()));
            p.setAttribute("value", String.valueOf(value));
        }
        return p;
    }

    private static Element valueElement(Document doc, Object o) {
        Element v = doc.createElementNS(EndpointXml.NS, "value");
        v.setTextContent(String.valueOf(o));
        return v;
    }

    static String typeName(Class<?> c) {
        if (c.isPrimitive()) {
            return c.getName();
        }
        return switch (c.getSimpleName()) {
            case "Long", "Double", "Float", "Integer", "Byte", "Character", "Boolean", "Short" -> c.getSimpleName();
            default -> "String";
        };
    }

    static Object scalar(String type, String s) {
        String v = s.trim();
        return switch (type) {
            case "Long", "long" -> Long.valueOf(v);
            case "Double", "double" -> Double.valueOf(v);
            case "Float", "float" -> Float.valueOf(v);
            case "Integer", "int" -> Integer.valueOf(v);
            case "Byte", "byte" -> Byte.valueOf(v);
            case "Character", "char" -> v.isEmpty() ? '\0' : v.charAt(0);
            case "Boolean", "boolean" -> Boolean.valueOf(v);
            case "Short", "short" -> Short.valueOf(v);
            default -> s;
        };
    }

    private static Object array(String type, List<Object> values) {
        Class<?> component = switch (type) {
            case "long" -> long.class;
            case "double" -> double.class;
            case "float" -> float.class;
            case "int" -> int.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            case "boolean" -> boolean.class;
            case "short" -> short.class;
            case "Long" -> Long.class;
            case "Double" -> Double.class;
            case "Float" -> Float.class;
            case "Integer" -> Integer.class;
            case "Byte" -> Byte.class;
            case "Character" -> Character.class;
            case "Boolean" -> Boolean.class;
            case "Short" -> Short.class;
            default -> String.class;
        };
        Object array = Array.newInstance(component, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, values.get(i));
        }
        return array;
    }
}
