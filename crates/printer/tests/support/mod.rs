//! Test fixtures shared by the integration tests.

#![allow(dead_code)] // Each test binary uses its own part.

pub mod cupsd;
pub mod listener;
