//! The bytes the second half travels in between workers ([`read_second_half`](super::read_second_half) to
//! [`join_chunk`](super::join_chunk) and [`join_halves`](super::join_halves)): written by hand, as a few numbers and
//! texts per dossier, the texts that repeat (units, officers, procedures, statuses) written once and referred to by
//! number after; and the shape (format and header) both halves must have found.

use crate::ingest::dossiers::Gathered;
use crate::ingest::field::Field;
use crate::ingest::{Format, NonDataRow, Rejected};
use crate::model::{Channel, Dossier, Moment, Name, SourcePos, Text, Zone};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::sync::Arc;

/// What both halves must agree on: the format and the header (its last row, and each field's column and text).
pub(super) fn shape(format: Format, header_end: u32, mapped: &[(Field, usize, String)]) -> Vec<u8> {
    let mut out = Out::default();
    out.str(&format.to_string());
    out.u32(header_end);
    out.u32(mapped.len() as u32);
    for (f, col, text) in mapped {
        out.str(f.name());
        out.u32(*col as u32);
        out.str(text);
    }
    out.buf
}

/// Bytes being written.
#[derive(Default)]
pub(super) struct Out {
    pub(super) buf: Vec<u8>,
    /// Shared texts and names already written, by address → their number; and the values themselves, held so that
    /// no address is reused while numbered (the dossiers written go, chunk by chunk).
    seen: HashMap<usize, u32, crate::model::IntHash>,
    held: Vec<Shared>,
}

impl Out {
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.buf.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        self.u8(u8::from(v.is_some()));
        self.u32(v.unwrap_or(0));
    }
    fn opt_str(&mut self, s: Option<&str>) {
        self.u8(u8::from(s.is_some()));
        if let Some(s) = s {
            self.str(s);
        }
    }
    /// A shared value: its number when written before, else a new number and its text.
    fn shared(&mut self, address: usize, text: &str, hold: impl FnOnce() -> Shared) {
        match self.seen.get(&address) {
            Some(&n) => self.u32(n),
            None => {
                let n = self.held.len() as u32;
                self.seen.insert(address, n);
                self.held.push(hold());
                self.u32(n);
                self.str(text);
            }
        }
    }
    fn shared_text(&mut self, t: &Option<Arc<str>>) {
        self.u8(u8::from(t.is_some()));
        if let Some(t) = t {
            self.shared(Arc::as_ptr(t) as *const u8 as usize, t, || Shared::Text(t.clone()));
        }
    }
    /// A count, then the dossiers.
    pub(super) fn dossiers(&mut self, list: &[Dossier]) {
        self.u32(list.len() as u32);
        for d in list {
            self.str(&d.code);
            self.shared_text(&d.procedure);
            self.shared_text(&d.field);
            self.shared_text(&d.status_text);
            for name in [&d.unit, &d.officer] {
                self.shared(name.parts() as usize, &name.original, || Shared::Name(name.clone()));
            }
            for m in [d.received, d.due, d.extended_due, d.finished, d.returned] {
                self.moment(m);
            }
            self.u8(channel_code(d.channel));
            self.opt_u32(d.statutory_days);
            self.u8(match d.apology {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            });
            self.u8(d.zone.fields);
            if d.zone.fields != 0 {
                self.u32(d.zone.offset_minutes as u16 as u32);
            }
            self.source(&d.source);
        }
    }
    fn moment(&mut self, m: Option<Moment>) {
        match m {
            None => self.u8(0),
            Some(m) => {
                // The time as the moment keeps it: one number, 0 for none.
                let time = m.packed_time();
                self.u8(if time == 0 { 1 } else { 2 });
                self.u32(m.date.num_days_from_ce() as u32);
                if time != 0 {
                    self.u32(time);
                }
            }
        }
    }
    fn source(&mut self, s: &SourcePos) {
        self.u32(s.row);
        self.opt_str(s.column.as_deref());
    }
}

/// Bytes being read.
pub(super) struct In<'b> {
    pub(super) buf: &'b [u8],
    pub(super) pos: usize,
    /// Days already made into dates, by day number modulo 1,024: the dates of a log repeat (a year of a
    /// province's dossiers has about 250 working days), and making one from its number costs a division or two.
    dates: Vec<(u32, NaiveDate)>,
}

impl<'b> In<'b> {
    pub(super) fn new(buf: &'b [u8]) -> Self {
        In { buf, pos: 0, dates: vec![(u32::MAX, NaiveDate::MIN); 1_024] }
    }
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let b = self.buf.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(b)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(super) fn bytes(&mut self) -> Option<&'b [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn str(&mut self) -> Option<&'b str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }
    fn opt_string(&mut self) -> Option<Option<String>> {
        Some(if self.u8()? == 1 { Some(self.string()?) } else { None })
    }
    fn opt_u32(&mut self) -> Option<Option<u32>> {
        let (some, v) = (self.u8()? == 1, self.u32()?);
        Some(some.then_some(v))
    }
    /// A shared value by number, made from its text the first time.
    fn shared<T: Clone>(&mut self, made: &mut Vec<T>, make: impl FnOnce(&str) -> T) -> Option<T> {
        let n = self.u32()? as usize;
        if n == made.len() {
            let v = make(self.str()?);
            made.push(v);
        }
        made.get(n).cloned()
    }
    fn moment(&mut self) -> Option<Option<Moment>> {
        let kind = self.u8()?;
        if kind == 0 {
            return Some(None);
        }
        let days = self.u32()?;
        let date = self.date(days)?;
        let time = if kind == 2 { self.u32()? } else { 0 };
        Some(Some(Moment::from_packed(date, time)?))
    }
    fn date(&mut self, days: u32) -> Option<NaiveDate> {
        let slot = &mut self.dates[days as usize % 1_024];
        if slot.0 != days {
            *slot = (days, NaiveDate::from_num_days_from_ce_opt(days as i32)?);
        }
        Some(slot.1)
    }
    fn source(&mut self, file: &Arc<str>, sheet: &Arc<str>) -> Option<SourcePos> {
        Some(SourcePos { file: file.clone(), sheet: sheet.clone(), row: self.u32()?, column: self.opt_string()? })
    }
}

fn channel_code(c: Option<Channel>) -> u8 {
    match c {
        None => 0,
        Some(Channel::Online) => 1,
        Some(Channel::InPerson) => 2,
        Some(Channel::Post) => 3,
    }
}

fn channel_of(code: u8) -> Option<Option<Channel>> {
    Some(match code {
        0 => None,
        1 => Some(Channel::Online),
        2 => Some(Channel::InPerson),
        3 => Some(Channel::Post),
        _ => return None,
    })
}

/// All but the dossiers ([`Out::dossiers`]).
pub(super) fn encode(out: &mut Out, g: &Gathered) {
    let c = g.counts;
    for n in [c.rows, c.dossiers, c.rejected, c.blank, c.non_data] {
        out.u32(n);
    }
    out.u8(u8::from(g.footer_seen) | u8::from(g.groups_seen) << 1);
    out.u32(g.orders.len() as u32);
    for (day_first, ambiguous, month_first) in &g.orders {
        out.u8(u8::from(*day_first) | u8::from(*ambiguous) << 1 | u8::from(month_first.is_some()) << 2);
        if let Some((row, text)) = month_first {
            out.u32(*row);
            out.str(text);
        }
    }
    out.u32(g.odd.items.len() as u32);
    for (column, vi, en, list) in &g.odd.items {
        out.str(column);
        out.str(vi);
        out.str(en);
        out.u32(list.len() as u32);
        for (row, value) in list {
            out.u32(*row);
            out.str(value);
        }
    }
    out.u32(g.rejected.len() as u32);
    for r in &g.rejected {
        out.source(&r.source);
        out.str(&r.value);
        out.str(&r.reason.vi);
        out.str(&r.reason.en);
    }
    out.u32(g.non_data_rows.len() as u32);
    for r in &g.non_data_rows {
        out.source(&r.source);
        out.str(&r.text);
        out.str(&r.reason.vi);
        out.str(&r.reason.en);
    }
}

/// What [`encode`] wrote.
pub(super) fn decode(input: &mut In<'_>, file: &Arc<str>, sheet: &Arc<str>) -> Option<Gathered> {
    let mut g = Gathered::default();
    let c = &mut g.counts;
    for n in [&mut c.rows, &mut c.dossiers, &mut c.rejected, &mut c.blank, &mut c.non_data] {
        *n = input.u32()?;
    }
    let seen = input.u8()?;
    (g.footer_seen, g.groups_seen) = (seen & 1 != 0, seen & 2 != 0);
    for _ in 0..input.u32()? {
        let flags = input.u8()?;
        let month_first = if flags & 4 != 0 { Some((input.u32()?, input.string()?)) } else { None };
        g.orders.push((flags & 1 != 0, flags & 2 != 0, month_first));
    }
    for _ in 0..input.u32()? {
        let (column, vi, en) = (input.string()?, input.string()?, input.string()?);
        let mut list = Vec::new();
        for _ in 0..input.u32()? {
            list.push((input.u32()?, input.string()?));
        }
        g.odd.items.push((column, vi, en, list));
    }
    for _ in 0..input.u32()? {
        let source = input.source(file, sheet)?;
        let (value, vi, en) = (input.string()?, input.string()?, input.string()?);
        g.rejected.push(Rejected { source, value, reason: Text { vi, en } });
    }
    for _ in 0..input.u32()? {
        let source = input.source(file, sheet)?;
        let (text, vi, en) = (input.string()?, input.string()?, input.string()?);
        g.non_data_rows.push(NonDataRow { source, text, reason: Text { vi, en } });
    }
    Some(g)
}

impl In<'_> {
    /// A count, then as many dossiers ([`Out::dossiers`]), appended to `out` with their rows `off` further down;
    /// `shared` holds the values made from earlier chunks (texts and names share the numbering). Returns the count.
    pub(super) fn dossiers(
        &mut self,
        shared: &mut Vec<Shared>,
        file: &Arc<str>,
        sheet: &Arc<str>,
        off: u32,
        out: &mut Vec<Dossier>,
    ) -> Option<u32> {
        let n = self.u32()?;
        out.reserve((n as usize).min(self.buf.len() / 16));
        for _ in 0..n {
            let code = self.string()?;
            let (procedure, field, status_text) = (self.text(shared)?, self.text(shared)?, self.text(shared)?);
            let (unit, officer) = (self.name(shared)?, self.name(shared)?);
            let mut moments = [None; 5];
            for m in &mut moments {
                *m = self.moment()?;
            }
            let [received, due, extended_due, finished, returned] = moments;
            let channel = channel_of(self.u8()?)?;
            let statutory_days = self.opt_u32()?;
            let apology = match self.u8()? {
                0 => None,
                1 => Some(false),
                _ => Some(true),
            };
            let fields = self.u8()?;
            let offset_minutes = if fields != 0 { self.u32()? as u16 as i16 } else { 0 };
            let zone = Zone { fields, offset_minutes };
            let mut source = self.source(file, sheet)?;
            source.row += off;
            out.push(Dossier {
                code,
                procedure,
                field,
                unit,
                officer,
                received,
                due,
                extended_due,
                finished,
                returned,
                status_text,
                channel,
                statutory_days,
                apology,
                zone,
                source,
            });
        }
        Some(n)
    }

    fn text(&mut self, shared: &mut Vec<Shared>) -> Option<Option<Arc<str>>> {
        if self.u8()? == 0 {
            return Some(None);
        }
        match self.shared(shared, |t| Shared::Text(t.into()))? {
            Shared::Text(t) => Some(Some(t)),
            Shared::Name(_) => None,
        }
    }

    fn name(&mut self, shared: &mut Vec<Shared>) -> Option<Name> {
        match self.shared(shared, |t| Shared::Name(Name::new(t)))? {
            Shared::Name(n) => Some(n),
            Shared::Text(_) => None,
        }
    }
}

/// A shared value of the second half, made once.
#[derive(Clone)]
pub(super) enum Shared {
    Text(Arc<str>),
    Name(Name),
}
