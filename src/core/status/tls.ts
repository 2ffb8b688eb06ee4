/**
 * The certificate a PostgreSQL server presents: PostgreSQL speaks TLS only after its own
 * SSLRequest (8 bytes: length 8, code 80877103) is answered with "S", so the handshake is a plain
 * socket first and node:tls on top of it. The certificate is not verified here (expiry is what is
 * judged, by the certs code); nothing but the handshake is sent.
 */
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export type PresentedCertificate = { pem: string } | { error: string };

export function presentedCertificate(host: string, port: number, timeoutMs = 10000): Promise<PresentedCertificate> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = netConnect({ host, port });
    const done = (r: PresentedCertificate) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ error: `no answer from ${host}:${port} within ${timeoutMs / 1000} s` }), timeoutMs);
    socket.once('error', (e) => done({ error: `cannot reach ${host}:${port}: ${e.message}` }));
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', (chunk: Buffer) => {
      const answer = String.fromCharCode(chunk[0] ?? 0);
      if (answer === 'N') return done({ error: `the server at ${host}:${port} does not offer TLS (ssl is off)` });
      if (answer !== 'S' || chunk.length !== 1)
        return done({ error: `the server at ${host}:${port} answered the SSLRequest with ${JSON.stringify(answer)}` });
      socket.removeAllListeners('error');
      const secure = tlsConnect({ socket, rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) });
      secure.once('error', (e) => done({ error: `TLS handshake with ${host}:${port} failed: ${e.message}` }));
      secure.once('secureConnect', () => {
        const cert = secure.getPeerX509Certificate();
        secure.destroy();
        done(cert ? { pem: cert.toString() } : { error: `the server at ${host}:${port} presented no certificate` });
      });
    });
  });
}
