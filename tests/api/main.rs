//! The JSON API, the survey form without JavaScript, posters and pages, through the real
//! HTTP server, on SQLite and on PostgreSQL.

mod accounts;
mod admin;
mod analytics;
mod casework;
mod closing;
mod complaints;
mod console;
mod conversation;
mod disk_full;
mod doctor;
mod durability;
mod follow_ups;
mod followup;
mod group_commit;
mod hostile;
mod instances;
mod intervals;
mod kiosk;
mod logs;
mod mail;
mod matrix;
mod monitoring;
mod open311;
mod operations;
mod outcomes;
mod receipt;
mod restarts;
mod rolling;
mod rollouts;
mod security;
mod survey;
mod synced;
mod triage;
mod unit_page;
mod upgrade;
