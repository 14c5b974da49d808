package dev.keel.kernel.docs;

/** What the generated reference pages share: the note on top and Markdown escaping. */
final class Generated {

    /** The command that rewrites the generated pages. */
    static final String WRITE_COMMAND = "mvn test -pl kernel-bundle -am -Dtest=ReferenceDocsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dkeel.docs.write=true";

    static final String NOTE = "<!-- Generated from the kernel's code by dev.keel.kernel.docs.ReferenceDocsTest; do not "
            + "edit by hand. To regenerate: " + WRITE_COMMAND + " -->\n\n";

    private Generated() {
    }

    /** Text outside code spans: {@code <name>} is not an HTML tag, {@code *} no emphasis, {@code |} no column. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<").replace("*", "\\*");
    }
}
