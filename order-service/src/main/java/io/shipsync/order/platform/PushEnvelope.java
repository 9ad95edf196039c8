package io.shipsync.order.platform;

import java.util.HexFormat;

/**
 * Finds the {@code Encrypt} field of a push envelope ({@code {"ToUserName":"gh_…","Encrypt":"…"}}) without
 * building a JSON tree: the signature covers that field alone, so nothing else of an unsigned body is parsed.
 * One pass over a body already capped in size, no recursion: a flat object of string keys and scalar values.
 * Anything else (nesting, a repeated {@code Encrypt}, trailing text) is not the platform's envelope.
 */
final class PushEnvelope {

    static final String FIELD = "Encrypt";

    private final String text;
    private int at;

    private PushEnvelope(String text) {
        this.text = text;
    }

    /** The {@code Encrypt} value, unescaped; {@code null} when the body is not a flat envelope holding it once. */
    static String encrypted(String body) {
        try {
            return new PushEnvelope(body).scan();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String scan() {
        String encrypted = null;
        expect('{');
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                String key = string();
                expect(':');
                if (FIELD.equals(key)) {
                    if (encrypted != null) {
                        throw new IllegalArgumentException("Encrypt twice");
                    }
                    encrypted = string();
                } else {
                    scalar();
                }
                char next = next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , or }");
                }
            }
        }
        skipSpace();
        if (at != text.length()) {
            throw new IllegalArgumentException("text after the envelope");
        }
        return encrypted;
    }

    /** A value that is not Encrypt: a string, a number, true, false or null (the envelope nests nothing). */
    private void scalar() {
        char first = peek();
        if (first == '"') {
            string();
            return;
        }
        int start = at;
        while (at < text.length() && "{}[],: \t\r\n\"".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String token = text.substring(start, at);
        if (token.isEmpty() || !(token.equals("true") || token.equals("false") || token.equals("null")
                || token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))) {
            throw new IllegalArgumentException("not a scalar");
        }
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw new IllegalArgumentException("unterminated escape");
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw new IllegalArgumentException("short unicode escape");
                    }
                    value.append((char) HexFormat.fromHexDigits(text, at, at + 4));
                    at += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape");
            }
        }
    }

    private void expect(char expected) {
        if (next() != expected) {
            throw new IllegalArgumentException("expected " + expected);
        }
    }

    /** The next character that is not whitespace, consumed. */
    private char next() {
        char c = peek();
        at++;
        return c;
    }

    /** The next character that is not whitespace, left in place. */
    private char peek() {
        skipSpace();
        if (at >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return text.charAt(at);
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }
}
