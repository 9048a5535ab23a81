package org.resweep.core.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for content hashes, run ids and seed derivation. */
public final class Hashing {
    private Hashing() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static String sha256Hex(byte[] bytes) { return HexFormat.of().formatHex(sha256().digest(bytes)); }

    public static String sha256Hex(String text) { return sha256Hex(text.getBytes(StandardCharsets.UTF_8)); }

    /**
     * A 64-bit seed derived from a canonical configuration text and a replicate number: the first 8 bytes of
     * SHA-256({@code canonical + "#replicate=" + replicate}), big-endian. Never depends on order or partition.
     */
    public static long deriveSeed(String canonical, int replicate) {
        byte[] h = sha256().digest((canonical + "#replicate=" + replicate).getBytes(StandardCharsets.UTF_8));
        long s = 0;
        for (int i = 0; i < 8; i++) s = (s << 8) | (h[i] & 0xFF);
        return s;
    }
}
