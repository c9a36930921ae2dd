//! bytes → rows → dossiers: format sniffing, finding the table, header mapping, dates, encodings.
