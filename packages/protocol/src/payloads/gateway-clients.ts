import { z } from "zod";

/** One connection of `gateway.clients` `clients[]`. */
export const gatewayClientSchema = z.looseObject({
  id: z.string(),
  start: z.string().optional().describe("ISO 8601: when it connected"),
  address: z.string().describe("the client's address (X-Forwarded-For from a trusted proxy)"),
  user_agent: z.string().optional(),
  dialect: z.string().optional().describe("native, monserv, nzbflow or tvheadend"),
  principal: z.string().optional().describe("the token's name, jwt:<sub> or anonymous; never the token"),
  channels: z.array(z.string()).describe("the references it is subscribed to"),
  bytes_in: z.number().optional().describe("bytes received from it"),
  bytes_out: z.number().optional().describe("bytes sent to it"),
  messages_in: z.number().optional().describe("frames received from it"),
  messages_out: z.number().optional().describe("frames sent to it"),
});
export type GatewayClient = z.infer<typeof gatewayClientSchema>;

/**
 * `gateway.clients` (admin only): one gateway's connections, published under that gateway's host
 * every 5 s while one of its own sockets subscribes. The gateway always sends every field.
 */
export const gatewayClientsSchema = z.looseObject({ clients: z.array(gatewayClientSchema) });
export type GatewayClients = z.infer<typeof gatewayClientsSchema>;
