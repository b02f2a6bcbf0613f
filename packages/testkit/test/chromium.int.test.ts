import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type LaunchedChromium, launchChromium } from "../src/index.js";

let browser: LaunchedChromium | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe("launchChromium", () => {
  it("runs Debian's Chromium headless with its own profile and removes it on close", async () => {
    browser = await launchChromium();
    expect(existsSync(browser.userDataDir)).toBe(true);
    const page = await browser.newPage();
    await page.setContent(
      "<p id='x'>rendered</p><script>document.getElementById('x').dataset.ran = '1'</script>",
    );
    expect(await page.textContent("#x")).toBe("rendered");
    expect(await page.getAttribute("#x", "data-ran")).toBe("1");
    expect(await page.evaluate("navigator.userAgent")).toMatch(/HeadlessChrome\//);

    await browser.close();
    await browser.close();
    expect(existsSync(browser.userDataDir)).toBe(false);
  });

  it("names the Debian package when the binary is missing", async () => {
    await expect(launchChromium({ executablePath: "/nonexistent/chromium" })).rejects.toMatchObject({
      code: "WW_TESTKIT_NO_CHROMIUM",
      message: expect.stringContaining("apt-get install chromium"),
    });
  });
});
