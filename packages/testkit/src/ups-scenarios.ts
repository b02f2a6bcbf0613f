/**
 * Reusable UPS scenarios for tests that drive a dummy UPS with `startUpsd(...).step()`: the
 * variables of a healthy UPS, and a power cut stepped through the states a real UPS reports.
 */

/** One step of a scenario: the variables to set and the `ups.status` flags it must produce. */
export interface UpsStep {
  label: string;
  vars: Record<string, string | null>;
  /** The expected `ups.status` words, in the order set. */
  flags: readonly string[];
}

/** A healthy line-interactive UPS on mains, in the shape usbhid-ups reports it. */
export const DUMMY_UPS_VARS: Readonly<Record<string, string>> = {
  "device.mfr": "Wirewatch",
  "device.model": "Dummy 1500",
  "device.type": "ups",
  "ups.mfr": "Wirewatch",
  "ups.model": "Dummy 1500",
  "ups.serial": "WW0001",
  "ups.status": "OL",
  "ups.load": "23",
  "ups.realpower.nominal": "900",
  "battery.charge": "100",
  "battery.charge.low": "20",
  "battery.runtime": "2400",
  "battery.runtime.low": "300",
  "battery.voltage": "27.1",
  "input.voltage": "231.0",
  "input.voltage.nominal": "230",
  "output.voltage": "230.0",
};

/**
 * A power cut and its recovery: OL → OB DISCHRG → OB LB → OL CHRG. Each step reaches upsd
 * before `step()` resolves; `flags` is what the UPS input must report for it.
 */
export const POWER_CUT_STEPS: readonly UpsStep[] = [
  {
    label: "on line",
    vars: {
      "ups.status": "OL",
      "battery.charge": "100",
      "battery.runtime": "2400",
      "input.voltage": "231.0",
    },
    flags: ["OL"],
  },
  {
    label: "on battery",
    vars: {
      "ups.status": "OB DISCHRG",
      "battery.charge": "86",
      "battery.runtime": "1500",
      "input.voltage": "0.0",
    },
    flags: ["OB", "DISCHRG"],
  },
  {
    label: "low battery",
    vars: {
      "ups.status": "OB LB",
      "battery.charge": "15",
      "battery.runtime": "180",
      "input.voltage": "0.0",
      "ups.alarm": "Battery low",
    },
    flags: ["OB", "LB"],
  },
  {
    label: "mains back, charging",
    vars: {
      "ups.status": "OL CHRG",
      "battery.charge": "22",
      "battery.runtime": "600",
      "input.voltage": "229.0",
      "ups.alarm": null,
    },
    flags: ["OL", "CHRG"],
  },
];
