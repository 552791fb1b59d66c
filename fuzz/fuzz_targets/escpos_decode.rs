//! Fuzzes the ESC/POS reader (`qebul_notice::escpos`) that the printer emulator runs on every
//! job: the streaming `Decoder`, the `PageAssembler` and the strict `decode`.
//!
//! The first input byte picks where the rest is split in two, as a serial port might deliver it.
//!
//! Invariants: nothing panics and nothing allocates without bound; the decoder gives the same
//! events however the stream is split; every page `decode` returns, encoded again with any band
//! height, decodes to the same page, dot for dot.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qebul_notice::escpos::{decode, encode, Cut, Decoder, EncodeOptions, Event, PageAssembler};

fuzz_target!(|input: &[u8]| {
    let Some((&split, bytes)) = input.split_first() else {
        return;
    };

    let mut whole = Decoder::new();
    let events = whole.feed(bytes);
    let finished = whole.finish();

    let at = usize::from(split).min(bytes.len());
    let mut parts = Decoder::new();
    let mut split_events = parts.feed(&bytes[..at]);
    split_events.extend(parts.feed(&bytes[at..]));
    assert_eq!(events, split_events, "split at {at}");
    assert_eq!(finished, parts.finish(), "split at {at}");

    // The emulator's way: lenient, page by page, a refused page thrown away.
    let mut paper = PageAssembler::new();
    for event in &events {
        if let Event::Rejected(_) = event {
            paper.discard();
        } else if paper.push(event).is_err() {
            paper.discard();
        }
    }
    let _ = paper.finish();

    let Ok(pages) = decode(bytes) else {
        return;
    };
    for page in pages {
        // A page fed but never drawn has no width; there is nothing to send back as raster.
        if page.width == 0 || page.height == 0 {
            continue;
        }
        let options = EncodeOptions {
            band_rows: u32::from(split) + 1,
            cut: Cut::Full,
            feed_lines: 0,
        };
        let job = encode(&page, &options);
        let again = decode(&job).expect("an encoded page decodes");
        assert_eq!(again.len(), 1, "one page, one cut");
        assert!(again[0] == page, "{page:?} came back as {:?}", again[0]);
    }
});
