package dev.xmppd.core.stream.internal;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import java.nio.ByteBuffer;
import javax.xml.stream.XMLStreamException;

/**
 * Stands between the network buffers and Aalto's feeder: checks the raw bytes first (UTF-8, a DOCTYPE in the
 * prolog), decides where each feed ends so that Aalto's split-feed bugs cannot trigger, and keeps the byte
 * offsets that map Aalto's locations back to buffer indexes.
 */
final class ByteFeeder {
    private final AsyncByteBufferFeeder feeder;
    private final Utf8Validator utf8 = new Utf8Validator();
    /** Bytes given to Aalto so far; Aalto's byte offsets count from the first of them. */
    private long fed;
    private long feedOffset;
    private int feedIndex;
    /** A violation found in raw bytes that were not fed; reported once everything before it is parsed. */
    private StreamError deferred;
    private boolean deferredIsDoctype;
    /** Prolog sniffing for {@code <!D}: 0 nothing, 1 after {@code <}, 2 after {@code <!}. */
    private int prologMatch;
    /** The start of a character that the last feed ended in, held back from Aalto. */
    private final byte[] carry = new byte[4];
    private int carryLength;

    ByteFeeder(AsyncByteBufferFeeder feeder) {
        this.feeder = feeder;
    }

    /**
     * Feeds bytes {@code [from, to)} of {@code buffer} (absolute indexes), or a prefix of them when a violation
     * lies in the raw bytes: {@link #takeDeferred} then returns it once the parser has read the bytes before it.
     *
     * @param inProlog true before the stream header was read: a DOCTYPE is looked for
     * @return the index up to which bytes were consumed (fed or carried)
     */
    int feed(ByteBuffer buffer, int from, int to, boolean inProlog) {
        if (deferred != null) {
            return from;
        }
        if (carryLength > 0) {
            return completeCharacter(buffer, from, to);
        }
        int end = to;
        if (inProlog) {
            int doctype = sniffDoctype(buffer, from, to);
            if (doctype >= 0) {
                end = doctype;
                defer(new StreamError(StreamErrorCondition.RESTRICTED_XML,
                        "document type declarations are not allowed (RFC 6120 §11.1)"), true);
            }
        }
        int bad = utf8.scan(buffer, from, end);
        if (bad >= 0) {
            defer(encodingError(buffer, bad, fed + bad - from), false);
            end = bad;
        }
        // Aalto mis-decodes a four-byte character split across two feeds inside an attribute value (it yields
        // the code point minus 0x10000). So a feed never ends inside a character: its start is carried over.
        int carried = utf8.partialLength();
        if (carried > 0 && bad < 0) {
            buffer.get(end - carried, carry, 0, carried);
            carryLength = carried;
        }
        feedToParser(buffer.slice(from, end - carried - from), from);
        return end;
    }

    /** Completes the carried start of a character with the first bytes of {@code buffer}. */
    private int completeCharacter(ByteBuffer buffer, int from, int to) {
        int n = Math.min(utf8.missingLength(), to - from);
        int bad = utf8.scan(buffer, from, from + n);
        if (bad >= 0) {
            defer(encodingError(buffer, bad, fed + carryLength + bad - from), false);
            return bad;
        }
        buffer.get(from, carry, carryLength, n);
        carryLength += n;
        if (utf8.atBoundary()) {
            int length = carryLength;
            carryLength = 0;
            // No message ends inside a character, so the index mapping of this feed is never used.
            feedToParser(ByteBuffer.wrap(carry, 0, length), from + n - length);
        }
        return from + n;
    }

    private void feedToParser(ByteBuffer bytes, int index) {
        int length = bytes.remaining();
        if (length == 0) {
            return;
        }
        try {
            feeder.feedInput(bytes);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("fed before next() returned null", e);
        }
        feedOffset = fed;
        feedIndex = index;
        fed += length;
    }

    /** Bytes fed to Aalto so far. */
    long fed() {
        return fed;
    }

    /** Bytes consumed but held back from Aalto for now. */
    int carried() {
        return carryLength;
    }

    /** The buffer index of an Aalto byte offset that lies in the last feed taken from a buffer. */
    int indexOf(long offset) {
        return feedIndex + (int) (offset - feedOffset);
    }

    boolean hasDeferred() {
        return deferred != null;
    }

    /**
     * The violation found in the raw bytes, once the parser has read everything before it; {@code null} if none.
     * A DOCTYPE look-alike after the stream header (say, in a CDATA section) is no violation: feeding goes on.
     */
    StreamError takeDeferred(boolean headerSeen) {
        StreamError error = deferred;
        if (error != null && deferredIsDoctype && headerSeen) {
            deferred = null;
            deferredIsDoctype = false;
            return null;
        }
        return error;
    }

    /** Finds {@code <!D} (a DOCTYPE, the only markup in a prolog starting so) and returns the index of its D. */
    private int sniffDoctype(ByteBuffer buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buffer.get(i);
            if (prologMatch == 2 && b == 'D') {
                return i;
            }
            prologMatch = b == '<' ? 1 : prologMatch == 1 && b == '!' ? 2 : 0;
        }
        return -1;
    }

    private void defer(StreamError error, boolean doctype) {
        deferred = error;
        deferredIsDoctype = doctype;
    }

    private static StreamError encodingError(ByteBuffer buffer, int index, long offset) {
        int b = buffer.get(index) & 0xFF;
        // A UTF-16 byte order mark at the very start: another encoding, not garbage (RFC 6120 §11.6).
        if (offset < 2 && (b == 0xFE || b == 0xFF)) {
            return new StreamError(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "UTF-16 byte order mark (expected: UTF-8)");
        }
        return new StreamError(StreamErrorCondition.NOT_WELL_FORMED,
                "invalid UTF-8 byte 0x" + Integer.toHexString(b) + " at offset " + offset);
    }
}
