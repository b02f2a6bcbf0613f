import { describe, expect, it } from "vitest";
import { maskCredentials } from "../../src/dialects/mask-credentials.js";

describe("maskCredentials", () => {
  it("replaces the password of a URL identity and keeps user, host and port", () => {
    expect(maskCredentials("ssh://scada:s3cr3t@192.168.4.3:2222")).toBe("ssh://scada:***@192.168.4.3:2222");
    expect(maskCredentials("ssh://root:p@ss:w0rd@nas1")).toBe("ssh://root:***@nas1");
  });

  it("leaves identities without a password alone", () => {
    expect(maskCredentials("ssh://scada@192.168.4.3:2222")).toBe("ssh://scada@192.168.4.3:2222");
    expect(maskCredentials("local://nas1")).toBe("local://nas1");
    expect(maskCredentials("nas1:22")).toBe("nas1:22");
  });
});

describe("maskCredentials with awkward passwords", () => {
  it("masks everything up to the last @, whatever the password holds", () => {
    expect(maskCredentials("ssh://u:a/b@c:d@host:22")).toBe("ssh://u:***@host:22");
    expect(maskCredentials("ssh://u:@host")).toBe("ssh://u:***@host");
  });
});
