"""A slixmpp client for SlixmppClientIT: logs in (STARTTLS, whatever SASL mechanism slixmpp picks), sends one chat
message to a peer, prints the first chat message it receives as 'GOT: <body>', and disconnects.

usage: slixmpp_client.py JID PASSWORD HOST PORT PEER
"""
import asyncio
import ssl
import sys

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, peer):
        super().__init__(jid, password)
        self.peer = peer
        # The test server's certificate is self-signed for 'localhost'.
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.add_event_handler('session_start', self.started)
        self.add_event_handler('message', self.received)
        self.add_event_handler('failed_all_auth', self.failed)

    async def started(self, _):
        print('BOUND: ' + str(self.boundjid), flush=True)
        self.send_presence()
        self.send_message(mto=self.peer, mbody='hello from slixmpp', mtype='chat')

    def received(self, msg):
        if msg['type'] == 'chat' and msg['body']:
            print('GOT: ' + msg['body'], flush=True)
            self.disconnect()

    def failed(self, _):
        print('AUTH FAILED', flush=True)
        self.disconnect()


def main():
    jid, password, host, port, peer = sys.argv[1:6]
    client = Client(jid, password, peer)
    client.connect((host, int(port)))
    asyncio.get_event_loop().run_until_complete(asyncio.wait_for(client.disconnected, 60))


if __name__ == '__main__':
    main()
