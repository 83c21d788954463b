"""A slixmpp client for BytestreamProxyIT: logs in, finds the server's SOCKS5 proxy (XEP-0065 disco), opens a
bytestream through it to a peer's full JID as requester, sends SIZE bytes (byte i is i % 251), prints the first
answer it reads back as 'GOT: <text>', and disconnects.

usage: slixmpp_bytestream.py JID PASSWORD HOST PORT PEER_FULL_JID SIZE
"""
import asyncio
import ssl
import sys

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, peer, size):
        super().__init__(jid, password)
        self.peer = peer
        self.size = size
        self.answer = b''
        # The test server's certificate is self-signed for 'localhost'.
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.register_plugin('xep_0030')
        self.register_plugin('xep_0065')
        self.add_event_handler('session_start', self.started)
        self.add_event_handler('socks5_data', self.received)
        self.add_event_handler('failed_all_auth', self.failed)

    async def started(self, _):
        print('BOUND: ' + str(self.boundjid), flush=True)
        proxies = await self['xep_0065'].discover_proxies()
        print('PROXIES: ' + ' '.join('%s=%s:%s' % (jid, host, port) for jid, (host, port) in proxies.items()),
              flush=True)
        stream = await self['xep_0065'].handshake(self.peer, timeout=30)
        if stream is None:
            print('NO STREAM', flush=True)
            self.disconnect()
            return
        print('ACTIVATED', flush=True)
        await stream.write(bytes(i % 251 for i in range(self.size)))

    def received(self, data):
        self.answer += data
        if len(self.answer) >= 6:
            print('GOT: ' + self.answer.decode('ascii', 'replace'), flush=True)
            self.disconnect()

    def failed(self, _):
        print('AUTH FAILED', flush=True)
        self.disconnect()


def main():
    jid, password, host, port, peer, size = sys.argv[1:7]
    client = Client(jid, password, peer, int(size))
    client.connect((host, int(port)))
    asyncio.get_event_loop().run_until_complete(asyncio.wait_for(client.disconnected, 60))


if __name__ == '__main__':
    main()
