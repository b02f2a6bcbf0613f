import { z } from "zod";

const alertState = z.enum(["firing", "resolved", "unknown"]);
const alertBase = {
  level: z.string(),
  state: alertState,
  message: z.string(),
};

/** `temperature.alert`: UMA's documented fields plus `state`. */
export const temperatureAlertSchema = z.looseObject({
  sensor_name: z.string(),
  sensor_type: z.string(),
  temperature: z.number(),
  threshold: z.number(),
  ...alertBase,
});

/** `resource.alert`. */
export const resourceAlertSchema = z.looseObject({
  resource: z.string(),
  value: z.number(),
  threshold: z.number(),
  ...alertBase,
});

/** `infrastructure.alert` and `storage.alert`: a subject and a message, as MonServ shows them. */
export const genericAlertSchema = z.looseObject({ subject: z.string().optional(), ...alertBase });
