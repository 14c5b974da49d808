package dev.keel.kernel.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.felix.metatype.AD;
import org.apache.felix.metatype.Designate;
import org.apache.felix.metatype.MetaData;
import org.apache.felix.metatype.MetaDataReader;
import org.apache.felix.metatype.OCD;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Reads the Metatype documents bnd generated into {@code target/classes}
 * with Felix Metatype's own reader, and exposes its OCD and AD objects (with
 * Felix's real {@code validate}) through the Metatype API, as the
 * MetaTypeService would.
 */
final class FelixDefinitions {

    private FelixDefinitions() {
    }

    /** The definition designated for {@code pid} in {@code OSGI-INF/metatype/<file>}. */
    static ObjectClassDefinition forPid(String file, String pid) throws IOException {
        Path xml = Path.of("target/classes/OSGI-INF/metatype").resolve(file);
        MetaData data;
        try (InputStream in = Files.newInputStream(xml)) {
            data = new MetaDataReader().parse(in);
        }
        for (Object d : data.getDesignates()) {
            Designate designate = (Designate) d;
            if (pid.equals(designate.getPid())) {
                OCD ocd = (OCD) data.getObjectClassDefinitions().get(designate.getObject().getOcdRef());
                return ocd(ocd);
            }
        }
        throw new AssertionError("no designate for " + pid + " in " + xml);
    }

    private static ObjectClassDefinition ocd(OCD ocd) {
        @SuppressWarnings("unchecked")
        Map<String, AD> ads = ocd.getAttributeDefinitions();
        AttributeDefinition[] all = ads.values().stream().map(FelixDefinitions::ad).toArray(AttributeDefinition[]::new);
        return new ObjectClassDefinition() {
            @Override
            public String getName() {
                return ocd.getName();
            }

            @Override
            public String getID() {
                return ocd.getID();
            }

            @Override
            public String getDescription() {
                return ocd.getDescription();
            }

            @Override
            public AttributeDefinition[] getAttributeDefinitions(int filter) {
                return all.clone();
            }

            @Override
            public InputStream getIcon(int size) {
                return null;
            }
        };
    }

    private static AttributeDefinition ad(AD ad) {
        return new AttributeDefinition() {
            @Override
            public String getName() {
                return ad.getName();
            }

            @Override
            public String getID() {
                return ad.getID();
            }

            @Override
            public String getDescription() {
                return ad.getDescription();
            }

            @Override
            public int getCardinality() {
                return ad.getCardinality();
            }

            @Override
            public int getType() {
                return ad.getType();
            }

            @Override
            public String[] getOptionValues() {
                return ad.getOptionValues();
            }

            @Override
            public String[] getOptionLabels() {
                return ad.getOptionLabels();
            }

            @Override
            public String validate(String value) {
                return ad.validate(value);
            }

            @Override
            public String[] getDefaultValue() {
                return ad.getDefaultValue();
            }
        };
    }
}
