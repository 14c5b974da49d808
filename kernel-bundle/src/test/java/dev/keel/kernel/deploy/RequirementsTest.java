package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

class RequirementsTest {

    @Test
    void aPackageRangeReadsAsItsBounds() {
        // what bnd writes for Import-Package: dev.keel.api.user;version="[2.0,3)"
        assertEquals("package dev.keel.api.user version>=2.0.0 version<3.0.0", Requirements.describe(requirement(
                "osgi.wiring.package",
                "(&(osgi.wiring.package=dev.keel.api.user)(version>=2.0.0)(!(version>=3.0.0)))")));
        assertEquals("package x.y", Requirements.describe(requirement("osgi.wiring.package", "(osgi.wiring.package=x.y)")));
    }

    @Test
    void anotherNamespaceShowsItsFilter() {
        assertEquals("osgi.ee (&(osgi.ee=JavaSE)(version=21))",
                Requirements.describe(requirement("osgi.ee", "(&(osgi.ee=JavaSE)(version=21))")));
    }

    private static BundleRequirement requirement(String namespace, String filter) {
        return new BundleRequirement() {
            @Override
            public String getNamespace() {
                return namespace;
            }

            @Override
            public Map<String, String> getDirectives() {
                return Map.of("filter", filter);
            }

            @Override
            public Map<String, Object> getAttributes() {
                return Map.of();
            }

            @Override
            public BundleRevision getRevision() {
                return null;
            }

            @Override
            public BundleRevision getResource() {
                return null;
            }

            @Override
            public boolean matches(BundleCapability capability) {
                return false;
            }
        };
    }
}
