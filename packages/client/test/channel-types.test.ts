import { CHANNELS } from "@wirewatch/protocol";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { ChannelDataMap, ChannelEvent, DataOf } from "../src/index.js";

// Every key of ChannelDataMap, listed so that a missing or extra key fails to compile.
const keys: Record<keyof ChannelDataMap, true> = {
  "system.stats": true,
  "system.processes": true,
  "docker.events": true,
  "docker.stats": true,
  "storage.status": true,
  "disk.smart": true,
  sensors: true,
  "temperature.alert": true,
  "resource.alert": true,
  "infrastructure.status": true,
  "infrastructure.alert": true,
  "storage.alert": true,
  jobs: true,
  log: true,
  "collector.status": true,
  "gateway.clients": true,
};

describe("ChannelDataMap", () => {
  it("has exactly the registry's channels", () => {
    expect(Object.keys(keys).sort()).toEqual(CHANNELS.map((c) => c.name).sort());
  });

  it("types payloads by channel, with or without a host filter", () => {
    expectTypeOf<DataOf<"system.stats">["cpu_percent"]>().toEqualTypeOf<number>();
    expectTypeOf<DataOf<"system.stats@nas1">["load_average"]>().toEqualTypeOf<[number, number, number]>();
    expectTypeOf<DataOf<"storage.status">["array_status"]>().toEqualTypeOf<string>();
    expectTypeOf<DataOf<"custom.backup">>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<ChannelEvent<"collector.status">["data"]["state"]>().toEqualTypeOf<
      "ok" | "stale" | "error"
    >();
    expectTypeOf<ChannelEvent<"log">["recovered"]>().toEqualTypeOf<true | undefined>();
  });

  it("types wirewatch's additions, optional and of their full shape, and the channels as designed", () => {
    type Stats = DataOf<"system.stats">;
    expectTypeOf<NonNullable<Stats["uname"]>["machine"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<Stats["counters"]>["cpu"][number]["iowait"]>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<Stats["network_io"]["interfaces"]>[number]["name"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<Stats["disk_io"]>[number]["busy_percent"]>().toEqualTypeOf<number>();
    type Md = DataOf<"storage.status">["arrays"][number];
    expectTypeOf<NonNullable<Md["sync"]>["action"]>().toEqualTypeOf<
      "resync" | "recovery" | "check" | "repair" | "reshape"
    >();
    type Ups = NonNullable<DataOf<"infrastructure.status@nas1">["ups"]>;
    expectTypeOf<Ups["name"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<Ups["status_flags"]>["OB"]>().toEqualTypeOf<boolean>();
    expectTypeOf<DataOf<"gateway.clients">["clients"][number]["channels"]>().toEqualTypeOf<string[]>();
    expectTypeOf<DataOf<"disk.smart">["passed"]>().toEqualTypeOf<boolean | null>();
    expectTypeOf<DataOf<"sensors">["temperatures"][number]["celsius"]>().toEqualTypeOf<number>();
    expectTypeOf<DataOf<"docker.events">["exit_code"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<DataOf<"resource.alert">["fired_at"]>().toEqualTypeOf<string | null | undefined>();
  });
});
