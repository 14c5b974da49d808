package dev.keel.cluster.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.service.remoteserviceadmin.EndpointDescription;

class EndpointXmlTest {

    private final EndpointXml xml = new EndpointXml();

    @Test
    void writesAndReadsBackEveryKindOfProperty() {
        EndpointDescription ed = new EndpointDescription(Map.of(
                "objectClass", new String[] {"dev.keel.api.payment.PaymentService"},
                "endpoint.id", "tcp://127.0.0.1:4711/a<b>&c",
                "endpoint.service.id", 42L,
                "endpoint.framework.uuid", "f-1",
                "service.imported.configs", new String[] {"aries.tcp"},
                "service.ranking", 7,
                "keel.flag", true,
                "keel.list", List.of("x", "y"),
                "keel.set", Set.of(3L),
                "keel.primitives", new int[] {1, 2}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        xml.writeEndpoint(ed, out);

        EndpointDescription back = xml.readEndpoint(new ByteArrayInputStream(out.toByteArray()));

        assertEquals("tcp://127.0.0.1:4711/a<b>&c", back.getId());
        assertEquals(List.of("dev.keel.api.payment.PaymentService"), back.getInterfaces());
        assertEquals(42L, back.getServiceId());
        assertEquals("f-1", back.getFrameworkUUID());
        assertEquals(7, back.getProperties().get("service.ranking"));
        assertEquals(true, back.getProperties().get("keel.flag"));
        assertEquals(List.of("x", "y"), back.getProperties().get("keel.list"));
        assertEquals(Set.of(3L), back.getProperties().get("keel.set"));
        assertArrayEquals(new int[] {1, 2}, (int[]) back.getProperties().get("keel.primitives"));
    }

    @Test
    void readsTheSpecificationsExample() {
        String doc = """
                <endpoint-descriptions xmlns="http://www.osgi.org/xmlns/rsa/v1.0.0">
                  <endpoint-description>
                    <property name="objectClass" value-type="String"><array><value>com.acme.Foo</value></array></property>
                    <property name="endpoint.id">http://ws.acme.com:9000/hello</property>
                    <property name="endpoint.service.id" value-type="Long" value="3"/>
                    <property name="endpoint.framework.uuid" value="u"/>
                    <property name="service.imported.configs" value="org.apache.cxf.ws"/>
                  </endpoint-description>
                </endpoint-descriptions>
                """;
        List<EndpointDescription> all = xml.readEndpoints(new ByteArrayInputStream(doc.getBytes()));
        assertEquals(1, all.size());
        assertEquals("http://ws.acme.com:9000/hello", all.get(0).getId());
        assertEquals(3L, all.get(0).getServiceId());
    }
}
