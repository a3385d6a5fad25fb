//! Acknowledged means on disk: the real server binary runs on SQLite under `strace`, a load of
//! surveys and complaints arrives forty at a time, and the trace shows for every submission
//! answered 2xx that the last write of its row to the write-ahead log was followed by an
//! `fdatasync`/`fsync` of that log which finished before the answer's first byte was written
//! to its socket. With `synchronous=NORMAL` a WAL commit syncs nothing (only checkpoints do),
//! so a power cut could roll back what was acknowledged; this test fails then.
//!
//! The trace also counts the syncs that made the surveys durable: with group commit, one per
//! batch, at most half as many as the surveys.

use super::durability::{free_port, start_binary, wait_until_up};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

/// One line of the trace: a system call with when it started and ended (seconds).
#[derive(Debug)]
struct Call {
    pid: u32,
    name: String,
    /// The call's arguments as strace printed them (file descriptors with their paths, `-yy`).
    args: String,
    start: f64,
    end: f64,
}

/// Reads `strace -f -ttt -T -yy` output, joining `<unfinished ...>` with its `<... resumed>`.
fn calls(trace: &str) -> Vec<Call> {
    let mut open: HashMap<(u32, String), (f64, String)> = HashMap::new();
    let mut out = Vec::new();
    for line in trace.lines() {
        // `PID  SECONDS.MICROS call(...)`: strace pads the pid with spaces.
        let Some((pid, rest)) = line.trim_start().split_once(' ') else {
            continue;
        };
        let Some((ts, rest)) = rest.trim_start().split_once(' ') else {
            continue;
        };
        let (Ok(pid), Ok(ts)) = (pid.trim().parse::<u32>(), ts.parse::<f64>()) else {
            continue;
        };
        let rest = rest.trim_start();
        let duration = |s: &str| -> f64 {
            s.rsplit_once('<')
                .and_then(|(_, d)| d.trim_end_matches('>').parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        if let Some(resumed) = rest.strip_prefix("<... ") {
            let name = resumed.split(' ').next().unwrap_or_default().to_string();
            if let Some((start, args)) = open.remove(&(pid, name.clone())) {
                let tail = resumed.split_once("resumed>").map_or("", |(_, t)| t);
                out.push(Call {
                    pid,
                    name,
                    args: format!("{args}{tail}"),
                    start,
                    end: ts,
                });
            }
            continue;
        }
        let Some((name, args)) = rest.split_once('(') else {
            continue;
        };
        if let Some(args) = args.strip_suffix(" <unfinished ...>") {
            open.insert((pid, name.to_string()), (ts, args.to_string()));
            continue;
        }
        out.push(Call {
            pid,
            name: name.to_string(),
            args: args.to_string(),
            start: ts,
            end: ts + duration(args),
        });
    }
    out.sort_by(|a, b| a.start.total_cmp(&b.start));
    out
}

/// The socket a call read or wrote, as `-yy` names it (`TCP:[a:p->b:q]`).
fn socket(call: &Call) -> Option<&str> {
    let at = call.args.find("<TCP:[")?;
    let rest = &call.args[at + 1..];
    Some(&rest[..rest.find(']')? + 1])
}

fn on_wal(call: &Call) -> bool {
    call.args
        .split_once(',')
        .map_or(call.args.as_str(), |(fd, _)| fd)
        .contains("-wal>")
}

const READS: &[&str] = &["read", "recvfrom", "recvmsg", "readv"];
const WRITES: &[&str] = &["write", "writev", "sendto", "sendmsg"];
const SYNCS: &[&str] = &["fsync", "fdatasync"];

/// When the answer to the submission `token` began to leave: for a survey, the first `HTTP/1.1
/// 2xx` written to the socket its request (which holds the submission id) was read from; for
/// a complaint, the write that carries its tracking code.
fn answered_at(calls: &[Call], token: &str, in_request: bool) -> Option<f64> {
    if in_request {
        let read = calls
            .iter()
            .find(|c| READS.contains(&c.name.as_str()) && c.args.contains(token))?;
        let sock = socket(read)?;
        calls
            .iter()
            .filter(|c| c.start >= read.end && WRITES.contains(&c.name.as_str()))
            .find(|c| socket(c) == Some(sock) && c.args.contains("HTTP/1.1 2"))
            .map(|c| c.start)
    } else {
        calls
            .iter()
            .find(|c| {
                WRITES.contains(&c.name.as_str())
                    && socket(c).is_some()
                    && c.args.contains("HTTP/1.1 2")
                    && c.args.contains(token)
            })
            .map(|c| c.start)
    }
}

/// Whether the row holding `token` was synced before `answer`: the first write of it to the
/// log (its batch's; later batches may write the same page again), then a sync of the log
/// after that write that ended before the answer. The sync's start, which names it.
fn synced_before(calls: &[Call], token: &str, answer: f64) -> Result<f64, String> {
    let written = calls
        .iter()
        .filter(|c| c.start < answer && c.name.starts_with("pwrite") && on_wal(c))
        .find(|c| c.args.contains(token))
        .ok_or_else(|| format!("{token}: answered, but no write of it to the log came first"))?;
    calls
        .iter()
        .find(|c| {
            SYNCS.contains(&c.name.as_str())
                && on_wal(c)
                && c.start >= written.end
                && c.end <= answer
                && c.args.contains("= 0")
        })
        .map(|c| c.start)
        .ok_or_else(|| {
            format!(
                "{token}: written to the log by thread {} at {:.6}, answered at {answer:.6}, no sync of the log between",
                written.pid, written.end
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_submission_was_synced_to_disk_before_its_answer_left() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let url = format!("sqlite://{}/suara.db?mode=rwc", dir.path().display());
    let trace_file = dir.path().join("trace.txt");
    let server = start_binary(
        &url,
        &dir.path().join("run"),
        port,
        &[
            ("SUARA_RATE_SURVEY_BURST", "100000"),
            ("SUARA_RATE_SURVEY_PER_MINUTE", "100000"),
            ("SUARA_RATE_COMPLAINT_BURST", "100000"),
            ("SUARA_RATE_COMPLAINT_PER_MINUTE", "100000"),
        ],
        Some(&[
            "strace",
            "-f",
            "-ttt",
            "-T",
            "-yy",
            "-s",
            "8192",
            "-e",
            "trace=pwrite64,pwritev,pwritev2,write,writev,sendto,sendmsg,read,readv,recvfrom,recvmsg,fsync,fdatasync",
            "-o",
            trace_file.to_str().unwrap(),
        ]),
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    wait_until_up(&client, &base).await;

    // Five rounds of forty at once: 32 surveys and 8 complaints each.
    let mut surveys = Vec::new();
    let mut complaints = Vec::new();
    for round in 0..5 {
        let mut sent = Vec::new();
        for i in 0..40 {
            let (client, base) = (client.clone(), base.clone());
            sent.push(tokio::spawn(async move {
                if i % 5 == 4 {
                    let body = json!({"unit_code": "samsat-kota", "service_code": "skj-pkb",
                        "category": "pungli", "mode": "anonim",
                        "what": "Petugas meminta uang tambahan di luar tarif resmi saat perpanjangan STNK.",
                        "incident_date": "2026-11-20"});
                    let r = client
                        .post(format!("{base}/api/v1/complaints"))
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert!(r.status().is_success(), "{}", r.status());
                    let v: Value = r.json().await.unwrap();
                    (false, v["tracking_code"].as_str().unwrap().to_string())
                } else {
                    let sid = format!("5ca1ab1e-{round:04x}-4000-8000-{i:012x}");
                    let answers: serde_json::Map<String, Value> =
                        (1..=9).map(|e| (format!("U{e}"), json!(1 + (i + e) % 4))).collect();
                    let body = json!({"service_code": "skj-pkb", "answers": answers, "submission_id": sid});
                    let r = client
                        .post(format!("{base}/api/v1/surveys"))
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert!(r.status().is_success(), "{}", r.status());
                    (true, sid)
                }
            }));
        }
        for s in sent {
            let (survey, token) = s.await.unwrap();
            if survey {
                surveys.push(token);
            } else {
                complaints.push(token);
            }
        }
    }
    super::durability::stop_traced(server);

    let trace = std::fs::read_to_string(&trace_file).unwrap();
    let calls = calls(&trace);
    let syncs = calls
        .iter()
        .filter(|c| SYNCS.contains(&c.name.as_str()) && on_wal(c))
        .count();
    let mut failures = Vec::new();
    // The syncs that made surveys durable: one per batch, so fewer than the surveys.
    let mut survey_syncs = std::collections::BTreeSet::new();
    for (tokens, in_request) in [(&surveys, true), (&complaints, false)] {
        for token in tokens {
            match answered_at(&calls, token, in_request) {
                None => failures.push(format!("{token}: its answer is not in the trace")),
                Some(at) => match synced_before(&calls, token, at) {
                    Ok(sync) if in_request => {
                        survey_syncs.insert(sync.to_bits());
                    }
                    Ok(_) => {}
                    Err(e) => failures.push(e),
                },
            }
        }
    }
    eprintln!(
        "{} surveys and {} complaints acknowledged; {syncs} syncs of the log in all, {} of them made the surveys durable; {} not synced before their answer",
        surveys.len(),
        complaints.len(),
        survey_syncs.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} acknowledged before they were on disk:\n{}",
        failures.len(),
        surveys.len() + complaints.len(),
        failures.join("\n")
    );
    assert!(
        survey_syncs.len() * 2 <= surveys.len(),
        "group commit: {} syncs for {} surveys",
        survey_syncs.len(),
        surveys.len()
    );
}

#[test]
fn the_trace_reader_joins_interrupted_calls_and_reads_sockets() {
    let trace = "\
7  1.000000 pwrite64(5</d/suara.db-wal>, \"abc-TOKEN-1\", 11, 0) = 11 <0.000010>
8 1.000100 recvfrom(9<TCP:[127.0.0.1:80->127.0.0.1:5000]>, \"POST / TOKEN-2\", 8192, 0, NULL, NULL) = 13 <0.000005>
7 1.000200 fdatasync(5</d/suara.db-wal> <unfinished ...>
8 1.000300 writev(9<TCP:[127.0.0.1:80->127.0.0.1:5000]>, [{iov_base=\"HTTP/1.1 201 Created\"}], 1) = 20 <0.000004>
7 1.002000 <... fdatasync resumed>) = 0 <0.001800>
8 1.003000 writev(10<TCP:[127.0.0.1:80->127.0.0.1:5001]>, [{iov_base=\"HTTP/1.1 201 Created TOKEN-1\"}], 1) = 20 <0.000004>
";
    let calls = calls(trace);
    assert_eq!(calls.len(), 5);
    let sync = calls.iter().find(|c| c.name == "fdatasync").unwrap();
    assert!((sync.start - 1.0002).abs() < 1e-9 && (sync.end - 1.002).abs() < 1e-9);
    assert!(on_wal(sync) && sync.args.contains("= 0"));
    // TOKEN-2's answer left while the sync was still running: not synced.
    let at = answered_at(&calls, "TOKEN-2", true).unwrap();
    assert!((at - 1.0003).abs() < 1e-9);
    // TOKEN-1's answer left after the sync ended.
    let at = answered_at(&calls, "TOKEN-1", false).unwrap();
    assert!(synced_before(&calls, "TOKEN-1", at).is_ok());
    assert!(synced_before(&calls, "TOKEN-1", 1.0003).is_err());
}
