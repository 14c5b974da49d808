package dev.keel.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plugin projects as a team outside this repository makes them: generated
 * from {@code dev.keel:keel-plugin-archetype} and built with an offline Maven
 * against the artifacts installed in this build's local repository (system
 * property {@code maven.repo.local}, which failsafe passes as
 * {@code settings.localRepository}: {@code mvn install} installs the BOM, the
 * API, the harness, the archetype and the distribution before itests runs).
 */
final class PluginProjects {

    static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate";

    private PluginProjects() {
    }

    /** The local repository the child Maven runs use. */
    static String repository() {
        String repo = System.getProperty("maven.repo.local");
        if (repo == null || repo.isBlank()) {
            throw new IllegalStateException("system property maven.repo.local is not set (run through Maven)");
        }
        return repo;
    }

    /** The Keel version the archetype and the BOM have. */
    static String keelVersion() {
        String version = System.getProperty("keel.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("system property keel.version is not set (run through Maven)");
        }
        return version;
    }

    /** What a Maven run printed and its exit code. */
    record Run(int exit, String output) {
        Run ok(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " failed with exit " + exit + ":\n" + tail(output, 150));
            }
            return this;
        }
    }

    /** Generates the project {@code artifactId} (package {@code com.example.<artifactId>}) in {@code folder}. */
    static Path generate(Path folder, String artifactId) throws IOException, InterruptedException {
        mvn(folder, 300, "-B", "-o", ARCHETYPE_PLUGIN, "-DinteractiveMode=false",
                "-DarchetypeGroupId=dev.keel", "-DarchetypeArtifactId=keel-plugin-archetype",
                "-DarchetypeVersion=" + keelVersion(), "-DgroupId=com.example", "-DartifactId=" + artifactId,
                "-Dversion=1.0.0-SNAPSHOT", "-Dpackage=com.example." + artifactId).ok("mvn archetype:generate");
        Path project = folder.resolve(artifactId);
        if (!Files.isRegularFile(project.resolve("pom.xml"))) {
            throw new AssertionError("archetype:generate made no " + project.resolve("pom.xml"));
        }
        return project;
    }

    /** Runs {@code mvn ARGS} (with this build's local repository) in {@code dir}, at most {@code seconds}. */
    static Run mvn(Path dir, long seconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("mvn");
        cmd.add("-Dmaven.repo.local=" + repository());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("mvn", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + seconds + " s:\n"
                        + tail(Files.readString(out, StandardCharsets.UTF_8), 80));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Tests, failures, errors and skipped of a surefire/failsafe report file. */
    static int[] report(Path xml) throws IOException {
        String head = Files.readString(xml, StandardCharsets.UTF_8);
        int[] counts = new int[4];
        String[] names = {"tests", "failures", "errors", "skipped"};
        for (int i = 0; i < names.length; i++) {
            Matcher m = Pattern.compile("<testsuite [^>]*\\b" + names[i] + "=\"(\\d+)\"").matcher(head);
            if (!m.find()) {
                throw new AssertionError("no " + names[i] + " in " + xml);
            }
            counts[i] = Integer.parseInt(m.group(1));
        }
        return counts;
    }

    /** The project's bundle: {@code target/<artifactId>-1.0.0-SNAPSHOT.jar}. */
    static Path jar(Path project) {
        return project.resolve("target").resolve(project.getFileName() + "-1.0.0-SNAPSHOT.jar");
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
