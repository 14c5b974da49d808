package dev.keel.cluster.xml;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.aries.rsa.spi.EndpointDescriptionParser;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.remoteserviceadmin.EndpointDescription;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads and writes endpoint descriptions in the Remote Service Admin XML
 * format ({@code http://www.osgi.org/xmlns/rsa/v1.0.0}) with the JDK's DOM:
 * the parser Aries RSA's ZooKeeper discovery stores endpoints with. Aries' own
 * (in its local discovery bundle) needs JAXB, which Java 11 removed.
 */
@Component(service = EndpointDescriptionParser.class)
public final class EndpointXml implements EndpointDescriptionParser {

    static final String NS = "http://www.osgi.org/xmlns/rsa/v1.0.0";

    @Override
    public List<EndpointDescription> readEndpoints(InputStream in) {
        Document doc = parse(in);
        List<EndpointDescription> out = new ArrayList<>();
        NodeList list = doc.getElementsByTagNameNS("*", "endpoint-description");
        for (int i = 0; i < list.getLength(); i++) {
            out.add(new EndpointDescription(properties((Element) list.item(i))));
        }
        return out;
    }

    @Override
    public EndpointDescription readEndpoint(InputStream in) {
        List<EndpointDescription> all = readEndpoints(in);
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public void writeEndpoint(EndpointDescription endpoint, OutputStream out) {
        try {
            Document doc = builder().newDocument();
            Element root = doc.createElementNS(NS, "endpoint-descriptions");
            doc.appendChild(root);
            Element ed = doc.createElementNS(NS, "endpoint-description");
            root.appendChild(ed);
            for (Map.Entry<String, Object> e : endpoint.getProperties().entrySet()) {
                ed.appendChild(PropertyValues.write(doc, e.getKey(), e.getValue()));
            }
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.transform(new DOMSource(doc), new StreamResult(out));
        } catch (TransformerException | ParserConfigurationException e) {
            throw new IllegalStateException("cannot write endpoint " + endpoint.getId() + ": " + e, e);
        }
    }

    private static Map<String, Object> properties(Element ed) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (Node n = ed.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element p && "property".equals(p.getLocalName())) {
                props.put(p.getAttribute("name"), PropertyValues.read(p));
            }
        }
        return props;
    }

    private static Document parse(InputStream in) {
        try {
            return builder().parse(in);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an endpoint description document: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }
}
