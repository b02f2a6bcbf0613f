/** Opening the TCP connection to upsd (with a deadline), and the TLS server name of a host. */
import { isIP, connect as netConnect, type Socket } from "node:net";
import { NutError } from "./errors.js";

export interface DialOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
}

/** SNI needs a host name; an IP address is sent as none. */
export function servername(host: string): string | undefined {
  return isIP(host) === 0 ? host : undefined;
}

export function dial(options: DialOptions, where: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const timer = setTimeout(
      () => done(new Error(`no connection within ${options.connectTimeoutMs} ms`)),
      options.connectTimeoutMs,
    );
    const done = (err?: Error) => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("error", done);
      if (!err) return resolve(socket);
      socket.destroy();
      reject(
        new NutError("WW_NUT_CONNECT", `cannot connect to upsd at ${where}: ${err.message}`, { cause: err }),
      );
    };
    const onConnect = () => done();
    socket.once("connect", onConnect);
    socket.once("error", done);
  });
}
