// A web client library in Node.js: Strophe.js (the library under Converse.js) logs in over BOSH or WebSocket,
// sends a message to a peer, waits for one back, and ends the session cleanly.
//
//   NODE_PATH=<dir>/node_modules NODE_EXTRA_CA_CERTS=<server cert> node strophe_client.cjs URL JID PASSWORD PEER
//
// URL is https://.../http-bind (BOSH) or wss://.../xmpp-websocket. Prints BOUND: <jid>, GOT: <body>, then
// CLOSED, and exits 0; exits 1 on a failed login or connection, 2 after 30 s.
globalThis.XMLHttpRequest = require('xhr2');
// Browsers' DOM has firstElementChild, which Strophe's WebSocket code reads; xmldom, its DOM under Node.js, lacks it.
Object.defineProperty(require('@xmldom/xmldom').Node.prototype, 'firstElementChild', {
    get() {
        for (let n = this.firstChild; n; n = n.nextSibling) {
            if (n.nodeType === 1) {
                return n;
            }
        }
        return null;
    },
});
const { Strophe, $msg, $pres } = require('strophe.js');

Strophe.setLogLevel(Strophe.LogLevel.WARN);
const [url, jid, password, peer] = process.argv.slice(2);
const connection = new Strophe.Connection(url);
let done = false;

connection.connect(jid, password, (status, condition) => {
    if (status === Strophe.Status.CONNECTED) {
        console.log('BOUND: ' + connection.jid);
        connection.addHandler((m) => {
            const body = m.getElementsByTagName('body')[0];
            if (body) {
                console.log('GOT: ' + Strophe.getText(body));
                done = true;
                connection.disconnect('done');
                return false;
            }
            return true;
        }, null, 'message');
        connection.send($pres());
        connection.send($msg({ to: peer, type: 'chat' }).c('body').t('hello from strophe'));
    } else if (status === Strophe.Status.DISCONNECTED) {
        console.log('CLOSED');
        process.exit(done ? 0 : 1);
    } else if (status === Strophe.Status.AUTHFAIL || status === Strophe.Status.CONNFAIL) {
        console.log('FAILED: ' + status + ' ' + (condition || ''));
        process.exit(1);
    }
});
setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 30000);
