//! Every HTTP, storage and process test in one binary: one link instead of one per file.
#[macro_use]
mod common;

mod actions;
mod backup;
mod conversations;
mod crash;
mod disk_full;
mod field;
mod housekeeping;
mod languages;
mod migrations;
mod moderation;
mod openapi;
mod pages_and_auth;
mod people;
mod promises;
mod receipts;
mod refusals;
mod reports;
mod safety;
mod secrets;
mod several_servers;
mod storage;
mod sync_api;
mod translations;
