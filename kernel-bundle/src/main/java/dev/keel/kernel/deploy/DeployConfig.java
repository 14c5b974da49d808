package dev.keel.kernel.deploy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code keel.deploy} ({@code etc/keel.deploy.cfg}): where code may be loaded from. */
@ObjectClassDefinition(name = "Keel code loading",
        description = "Where keel:install, keel:update and /admin may load plugin code from: a jar under the Keel "
                + "home (deploy/, bundle/, any path below it) or an https:// URL; each act goes to data/log/audit.log "
                + "with the artifact's location and SHA-256.")
public @interface DeployConfig {

    @AttributeDefinition(name = "Allow plain HTTP",
            description = "true also allows http:// URLs (code could be changed on the way: only on a network you "
                    + "trust, and best with a required SHA-256)")
    boolean allow_http() default false;

    @AttributeDefinition(name = "Further code folders", required = false,
            description = "Folders outside the Keel home that jars may be loaded from (absolute paths), e.g. a "
                    + "build's output folder")
    String[] code_folders() default {};
}
