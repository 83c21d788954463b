package dev.xmppd.s2s.dns;

import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.dns.DnsErrorCauseException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What DNS said about one SRV name.
 *
 * @param kind NONE: no such name or no SRV record; NO_SERVICE: the single target "."; RECORDS; FAILED: no answer
 * @param records the records if RECORDS, else empty
 * @param reason why the lookup failed if FAILED, for the log
 */
record SrvAnswer(Kind kind, List<SrvRecord> records, String reason) {

    enum Kind { NONE, NO_SERVICE, RECORDS, FAILED }

    SrvAnswer {
        records = List.copyOf(records);
    }

    static SrvAnswer of(List<SrvRecord> records) {
        if (records.isEmpty()) {
            return new SrvAnswer(Kind.NONE, List.of(), null);
        }
        if (records.size() == 1 && records.get(0).target().equals(".")) {
            return new SrvAnswer(Kind.NO_SERVICE, List.of(), null);
        }
        return new SrvAnswer(Kind.RECORDS, records.stream().filter(r -> !r.target().equals(".")).toList(), null);
    }

    static SrvAnswer failed(String name, String reason) {
        return new SrvAnswer(Kind.FAILED, List.of(), "DNS lookup of " + name + " failed: " + reason);
    }

    /**
     * Classifies a failure of Netty's resolver: NXDOMAIN (an {@link UnknownHostException} caused by
     * {@link DnsErrorCauseException} NXDOMAIN) and "no SRV record" (an {@code UnknownHostException} without cause)
     * are answers of kind NONE; a timeout, SERVFAIL or REFUSED is FAILED.
     */
    static SrvAnswer ofFailure(String name, Throwable failure) {
        Throwable cause = failure.getCause();
        if (failure instanceof UnknownHostException && (cause == null
                || cause instanceof DnsErrorCauseException error && DnsResponseCode.NXDOMAIN.equals(error.getCode()))) {
            return new SrvAnswer(Kind.NONE, List.of(), null);
        }
        Throwable deepest = failure;
        while (deepest.getCause() != null) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return failed(name, message);
    }
}
