"""An external component (XEP-0114) written with slixmpp, a third-party library (slidge's), for ComponentSlixmppIT.

    python3 echo_component.py DOMAIN SECRET HOST PORT

Echoes chat and normal messages with "echo: " before the body and answers disco#info with a gateway identity.
"""
import logging
import sys

from slixmpp.componentxmpp import ComponentXMPP


class Echo(ComponentXMPP):
    def __init__(self, domain, secret, host, port):
        super().__init__(domain, secret, host, port)
        self.register_plugin("xep_0030")
        self["xep_0030"].add_identity(category="gateway", itype="irc", name="slixmpp echo")
        self.add_event_handler("session_start", lambda _: print("session_start", flush=True))
        self.add_event_handler("message", self.echo)

    def echo(self, msg):
        if msg["type"] in ("chat", "normal") and msg["body"]:
            msg.reply("echo: " + msg["body"]).send()


logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
domain, secret, host, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
component = Echo(domain, secret, host, port)
component.connect()
component.process(forever=True)
