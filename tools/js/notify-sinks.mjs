// The far ends of atlas-notify's channels, for the system tests: a webhook
// receiver that verifies every delivery with the Standard Webhooks reference
// library (npm standardwebhooks) and dedupes on webhook-id, and an SMTP
// server (npm smtp-server) whose mails are parsed with mailparser. Both on
// 127.0.0.1, on free ports printed as one JSON line. Control and inspection
// over HTTP:
//   POST /control {"secrets": [...], "fail": n, "redirect": url}
//        -> the next n deliveries answer 503; every delivery answers 307 to url
//   GET  /webhooks  -> [{id, verified, duplicate, body, secretIndex}]
//   GET  /mails     -> [{to, from, subject, text, html, messageId, headers}]
//   GET  /count     -> {webhooks, distinct, verified, last (ms since the epoch)}
// Mail to bounce@… is refused 550 (permanent), to later@… 451 (transient).
// Stops by itself after --lifetime seconds (default 900).
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const lifetime = Number((process.argv.find((a) => a.startsWith('--lifetime=')) || '--lifetime=900').split('=')[1]);
const state = { secrets: [], fail: 0, redirect: '', webhooks: [], seen: new Set(), mails: [] };

function verify(body, headers) {
  for (let i = 0; i < state.secrets.length; i++) {
    try {
      new Webhook(state.secrets[i]).verify(body, headers);
      return i;
    } catch {
      // try the next secret
    }
  }
  return -1;
}

const receiver = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const json = (code, value) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'POST' && req.url === '/control') {
      Object.assign(state, JSON.parse(body || '{}'));
      return json(200, { ok: true });
    }
    if (req.method === 'GET' && req.url === '/webhooks') return json(200, state.webhooks);
    if (req.method === 'GET' && req.url === '/count') {
      return json(200, { webhooks: state.webhooks.length, distinct: state.seen.size,
                         verified: state.webhooks.filter((w) => w.verified).length,
                         last: state.lastAt ?? 0 });
    }
    if (req.method === 'GET' && req.url === '/mails') return json(200, state.mails);
    if (req.method !== 'POST') return json(404, {});
    if (state.redirect) {
      res.writeHead(307, { Location: state.redirect });
      return res.end();
    }
    if (state.fail > 0) {
      state.fail -= 1;
      return json(503, { error: 'down for the test' });
    }
    const headers = {
      'webhook-id': req.headers['webhook-id'],
      'webhook-timestamp': req.headers['webhook-timestamp'],
      'webhook-signature': req.headers['webhook-signature'],
    };
    const secretIndex = verify(body, headers);
    const id = headers['webhook-id'];
    const duplicate = state.seen.has(id);
    state.seen.add(id);
    state.lastAt = Date.now();
    state.webhooks.push({ id, verified: secretIndex >= 0, secretIndex, duplicate, path: req.url,
                          signatures: (headers['webhook-signature'] || '').split(' ').length,
                          body: JSON.parse(body) });
    // A receiver that verified acknowledges; one that could not refuses.
    return json(secretIndex >= 0 ? 200 : 401, {});
  });
});

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, session, callback) {
    if (address.address.startsWith('bounce@')) {
      const e = new Error('mailbox unavailable'); e.responseCode = 550; return callback(e);
    }
    if (address.address.startsWith('later@')) {
      const e = new Error('try again later'); e.responseCode = 451; return callback(e);
    }
    return callback();
  },
  onData(stream, session, callback) {
    simpleParser(stream).then((m) => {
      state.mails.push({
        to: m.to ? m.to.text : '', from: m.from ? m.from.text : '', subject: m.subject,
        text: m.text, html: m.html, messageId: m.messageId,
        // The raw header lines (mailparser folds List-* headers into objects).
        headers: Object.fromEntries(m.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()])),
      });
      callback();
    }, callback);
  },
});

receiver.listen(0, '127.0.0.1', () => {
  smtp.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ http: receiver.address().port, smtp: smtp.server.address().port }));
  });
});
setTimeout(() => process.exit(0), lifetime * 1000).unref();
