package dev.keel.kernel.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One migration script of a plugin: {@code V<n>__<description>.sql}, its
 * version {@code n}, description (underscores read as spaces), SQL text and
 * checksum (SHA-256 of the text with line ends normalised to {@code \n}).
 */
record MigrationFile(String path, long version, String description, String sql, String checksum) {

    private static final Pattern NAME = Pattern.compile("V(\\d{1,18})__(.+)\\.sql");

    /** The file name without its folder. */
    String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Reads one file.
     *
     * @throws MigrationException when the name is not {@code V<n>__<description>.sql}
     */
    static MigrationFile of(String path, byte[] content) throws MigrationException {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new MigrationException(path + " is not named V<n>__<description>.sql");
        }
        String sql = new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
        return new MigrationFile(path, Long.parseLong(m.group(1)), m.group(2).replace('_', ' '), sql, sha256(sql));
    }

    /**
     * The files in the order they apply: by version, numerically ({@code V2}
     * before {@code V10}).
     *
     * @throws MigrationException when two files carry the same version
     */
    static List<MigrationFile> ordered(Collection<MigrationFile> files) throws MigrationException {
        Map<Long, MigrationFile> byVersion = new HashMap<>();
        for (MigrationFile f : files) {
            MigrationFile other = byVersion.putIfAbsent(f.version(), f);
            if (other != null) {
                throw new MigrationException(other.path() + " and " + f.path() + " both have version " + f.version());
            }
        }
        List<MigrationFile> out = new ArrayList<>(files);
        out.sort(Comparator.comparingLong(MigrationFile::version));
        return out;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
