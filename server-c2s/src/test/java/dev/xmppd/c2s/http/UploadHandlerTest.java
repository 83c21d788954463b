package dev.xmppd.c2s.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.upload.SlotTicket;
import dev.xmppd.core.upload.UploadFiles;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload listener's handler on an {@link EmbeddedChannel}, with file I/O run on the calling thread so that every
 * step completes before the next: PUT with a slot ticket, GET/HEAD, CORS, and each refusal.
 */
class UploadHandlerTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String ID = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final byte[] BODY = "hello, upload".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path files;
    private final MutableClock clock = new MutableClock();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = newChannel();
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private EmbeddedChannel newChannel() {
        UploadStore store = new UploadStore(files, KEY, Runnable::run, clock, Duration.ofDays(7));
        return new EmbeddedChannel(new ChunkedWriteHandler(), new UploadHandler(store));
    }

    private SlotTicket ticket(String filename, long size, String type) {
        return new SlotTicket(ID, filename, size, type, clock.instant().plus(Duration.ofMinutes(5)),
                "romeo@example.com");
    }

    private static HttpRequest put(SlotTicket t, String token, long length, String type) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT,
                t.path() + "?token=" + token);
        if (length >= 0) {
            req.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        if (type != null) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        return req;
    }

    /** Sends a PUT with the body in two pieces (unless refused and closed at once); returns the status. */
    private int upload(EmbeddedChannel ch, SlotTicket t, String token, byte[] body, String type) {
        ch.writeInbound(put(t, token, body.length, type));
        if (ch.isActive()) {
            ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(body, 0, 5)));
            ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(body, 5, body.length - 5)));
        }
        return status(ch);
    }

    private static int status(EmbeddedChannel ch) {
        Object out = ch.readOutbound();
        assertThat(out).isInstanceOf(HttpResponse.class);
        int code = ((HttpResponse) out).status().code();
        ReferenceCountUtil.release(out);
        return code;
    }

    private List<Object> get(HttpMethod method, String uri) {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        channel.runPendingTasks();
        List<Object> out = new ArrayList<>();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            out.add(o);
        }
        return out;
    }

    @Test
    void putStoresTheFileThenGetServesItWithItsType() throws IOException {
        // Setup test fixture
        SlotTicket t = ticket("très cool.txt", BODY.length, "text/plain");

        // Execute system under test
        int put = upload(channel, t, t.token(KEY), BODY, "text/plain; charset=utf-8");
        List<Object> got = get(HttpMethod.GET, t.path());

        // Verify results
        assertThat(put).isEqualTo(201);
        assertThat(Files.readAllBytes(UploadFiles.content(files, ID))).isEqualTo(BODY);
        HttpResponse head = (HttpResponse) got.get(0);
        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(Integer.toString(BODY.length));
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain");
        assertThat(head.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(head.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("*");
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_DISPOSITION))
                .isEqualTo("inline; filename*=UTF-8''tr%C3%A8s%20cool.txt");
        assertThat(got.get(1)).isInstanceOfSatisfying(DefaultFileRegion.class,
                r -> assertThat(r.count()).isEqualTo(BODY.length));
        assertThat(got.get(2)).isInstanceOf(LastHttpContent.class);
        got.forEach(ReferenceCountUtil::release);
    }

    @Test
    void headGivesTheHeadersWithoutTheFile() {
        SlotTicket t = ticket("a.html", BODY.length, "text/html");
        assertThat(upload(channel, t, t.token(KEY), BODY, "text/html")).isEqualTo(201);

        List<Object> got = get(HttpMethod.HEAD, t.path());

        HttpResponse head = (HttpResponse) got.get(0);
        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(Integer.toString(BODY.length));
        // A type a browser would run is a download, never a page of this origin.
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_DISPOSITION)).startsWith("attachment;");
        assertThat(got).noneMatch(o -> o instanceof DefaultFileRegion);
        got.forEach(ReferenceCountUtil::release);
    }

    @Test
    void aSlotCanBeUsedOnce() throws IOException {
        SlotTicket t = ticket("a.bin", BODY.length, "");
        assertThat(upload(channel, t, t.token(KEY), BODY, null)).isEqualTo(201);

        byte[] other = "other content".getBytes(StandardCharsets.UTF_8);
        assertThat(upload(newChannel(), t, t.token(KEY), other, null)).isEqualTo(409);
        assertThat(Files.readAllBytes(UploadFiles.content(files, ID))).isEqualTo(BODY);
    }

    @Test
    void forgedOrMovedTokensAreForbidden() {
        SlotTicket t = ticket("a.bin", BODY.length, "");
        SlotTicket other = ticket("b.bin", BODY.length, "");

        assertThat(upload(newChannel(), other, t.token(KEY), BODY, null)).isEqualTo(403);
        assertThat(upload(newChannel(), t, t.token("another key, 32 bytes long......".getBytes(
                StandardCharsets.US_ASCII)), BODY, null)).isEqualTo(403);
        assertThat(upload(newChannel(), t, "garbage", BODY, null)).isEqualTo(403);
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, t.path()));
        assertThat(status(channel)).isEqualTo(403);
        assertThat(Files.exists(UploadFiles.content(files, ID))).isFalse();
    }

    @Test
    void aRefusedPutIsAnsweredAndClosedOnlyAfterItsBody() {
        // Closing with the body unread would reset the connection, which can reach the client before the answer
        SlotTicket t = ticket("a.bin", BODY.length, "");
        EmbeddedChannel ch = newChannel();

        ch.writeInbound(put(t, "garbage", BODY.length, null));
        int answered = status(ch);
        boolean openBeforeTheBody = ch.isOpen();
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(BODY, 0, 5)));
        boolean openMidBody = ch.isOpen();
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(BODY, 5, BODY.length - 5)));

        assertThat(answered).isEqualTo(403);
        assertThat(openBeforeTheBody).isTrue();
        assertThat(openMidBody).isTrue();
        assertThat(ch.isOpen()).as("closed once the body was read").isFalse();
    }

    @Test
    void aRefusedPutWhoseBodyNeverEndsIsClosedAfterTheLingerTime() {
        SlotTicket t = ticket("a.bin", BODY.length, "");
        EmbeddedChannel ch = newChannel();
        ch.writeInbound(put(t, "garbage", BODY.length, null));
        assertThat(status(ch)).isEqualTo(403);

        ch.advanceTimeBy(UploadHandler.LINGER_MILLIS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void expiredSlotsAreForbidden() {
        SlotTicket t = ticket("a.bin", BODY.length, "");
        clock.advance(Duration.ofMinutes(5));

        assertThat(upload(channel, t, t.token(KEY), BODY, null)).isEqualTo(403);
    }

    @Test
    void theBodyMustHaveTheAnnouncedSizeAndType() {
        SlotTicket t = ticket("a.png", BODY.length, "image/png");
        String token = t.token(KEY);

        channel.writeInbound(put(t, token, BODY.length + 1, "image/png"));
        assertThat(status(channel)).isEqualTo(413);
        EmbeddedChannel ch = newChannel();
        ch.writeInbound(put(t, token, BODY.length - 1, "image/png"));
        assertThat(status(ch)).isEqualTo(400);
        ch = newChannel();
        ch.writeInbound(put(t, token, -1, "image/png"));
        assertThat(status(ch)).isEqualTo(411);
        ch = newChannel();
        ch.writeInbound(put(t, token, BODY.length, "text/html"));
        assertThat(status(ch)).isEqualTo(415);
        assertThat(upload(newChannel(), t, token, BODY, "IMAGE/PNG")).isEqualTo(201);
    }

    @Test
    void aPutWithoutContentTypeIsServedWithTheAnnouncedOne() {
        SlotTicket t = ticket("a.png", BODY.length, "image/png");
        assertThat(upload(channel, t, t.token(KEY), BODY, null)).isEqualTo(201);

        List<Object> got = get(HttpMethod.HEAD, t.path());

        assertThat(((HttpResponse) got.get(0)).headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("image/png");
        got.forEach(ReferenceCountUtil::release);
    }

    @Test
    void aConnectionLostMidBodyLeavesNothing() throws IOException {
        SlotTicket t = ticket("a.bin", BODY.length, "");
        channel.writeInbound(put(t, t.token(KEY), BODY.length, null));
        channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(BODY, 0, 5)));

        channel.close();

        try (var left = Files.list(files)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void unknownPathsAndFilesAreNotFound() {
        SlotTicket t = ticket("a.bin", BODY.length, "");
        assertThat(upload(channel, t, t.token(KEY), BODY, null)).isEqualTo(201);

        assertThat(statusOf(get(HttpMethod.GET, "/upload/" + ID + "/other.bin"))).isEqualTo(404);
        assertThat(statusOf(get(HttpMethod.GET, "/upload/BBBBBBBBBBBBBBBBBBBBBB/a.bin"))).isEqualTo(404);
        assertThat(statusOf(get(HttpMethod.GET, "/upload/../../etc/passwd"))).isEqualTo(404);
        assertThat(statusOf(get(HttpMethod.GET, "/"))).isEqualTo(404);
        clock.advance(Duration.ofDays(7));
        assertThat(statusOf(get(HttpMethod.GET, t.path()))).isEqualTo(404);
    }

    @Test
    void preflightAndOtherMethods() {
        List<Object> options = get(HttpMethod.OPTIONS, "/upload/" + ID + "/a.bin");
        FullHttpResponse preflight = (FullHttpResponse) options.get(0);
        assertThat(preflight.status().code()).isEqualTo(204);
        assertThat(preflight.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("*");
        assertThat(preflight.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS)).contains("PUT");
        assertThat(preflight.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS)).contains("Content-Type");
        options.forEach(ReferenceCountUtil::release);

        List<Object> delete = get(HttpMethod.DELETE, "/upload/" + ID + "/a.bin");
        assertThat(statusOf(delete)).isEqualTo(405);
        assertThat(((HttpResponse) delete.get(0)).headers().get(HttpHeaderNames.ALLOW)).contains("GET");
    }

    @Test
    void theSweeperRemovesExpiredFiles() {
        SlotTicket t = ticket("a.bin", BODY.length, "");
        assertThat(upload(channel, t, t.token(KEY), BODY, null)).isEqualTo(201);
        UploadSweeper sweeper = new UploadSweeper(new UploadStore(files, KEY, Runnable::run, clock,
                Duration.ofDays(7)));

        sweeper.run();
        assertThat(Files.exists(UploadFiles.content(files, ID))).isTrue();
        clock.advance(Duration.ofDays(7));
        sweeper.run();

        assertThat(Files.exists(UploadFiles.content(files, ID))).isFalse();
        assertThat(Files.exists(UploadFiles.meta(files, ID))).isFalse();
    }

    private static int statusOf(List<Object> out) {
        int code = ((HttpResponse) out.get(0)).status().code();
        out.forEach(ReferenceCountUtil::release);
        return code;
    }
}
