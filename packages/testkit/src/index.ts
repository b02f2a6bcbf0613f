export * from "./free-port.js";
export * from "./redis-server.js";
export * from "./seeds.js";
export * from "./spawn-service.js";
export * from "./wait-for.js";
