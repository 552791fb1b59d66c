import { describe, expect, it } from "vitest";
import { noticeBarcode } from "./scan";
import { WedgeBuffer } from "../citizen";

describe("a scanned line", () => {
  it("of digits is a notice's barcode, spaces and the line's end left out", () => {
    expect(noticeBarcode("030400000610704\n")).toBe("030400000610704");
    expect(noticeBarcode(" 0304 0000 0610 704 \n")).toBe("030400000610704");
    // Rust judges the length: a short line of digits is still sent to the check-in.
    expect(noticeBarcode("12345\n")).toBe("12345");
  });

  it("with anything but digits is not: MRZ lines go to the card reader as before", () => {
    for (const line of [
      "IDAZEAA12345674<<<<<<<<<<<<<<<\n",
      "8003054F3106309AZE5ZK7Q2M<<<<8\n",
      "ABDULLAYEVA<<GOHAR<<<<<<<<<<<<\n",
      "IDAZE\n",
      "0304000006107O4\n",
      "-030400000610704\n",
      "\n",
      "   \n",
    ]) {
      expect(noticeBarcode(line), line).toBeNull();
    }
  });

  it("comes whole from the wedge buffer, as the scanner types it", () => {
    const w = new WedgeBuffer(100);
    let line: string | null = null;
    for (const [i, k] of [..."030400000610704", "Enter"].entries()) line = w.key(k, i) ?? line;
    expect(line && noticeBarcode(line)).toBe("030400000610704");
  });
});
