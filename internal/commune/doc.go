// Package commune is the commune registry: the commune itself (the tenant, with the data its
// letterhead and dossier codes need), its hamlets (xóm), households (hộ gia đình) with their
// members (residents, nhân khẩu), and the staff directory (danh bạ cán bộ). It also imports
// households and residents from CSV and XLSX files and seeds the demo commune Bình Yên.
//
// Every Store method takes the commune id first and scopes every statement by it: an id of
// another commune is simply not found. Every change is validated first (errs.FieldErrors keyed
// by form field name, with catalogue keys from Messages), then written in one transaction
// together with its audit entry and its outbox event (TopicHouseholdCreated, …).
//
// What this package must not touch: user accounts, sessions and passwords (package auth; a
// staff member is only linked to an account by its id), other feature rooms' tables, and the
// communes table's schema (a platform table owned by internal/db). Its pages (pages*.go,
// templates/) go through the Store and never run SQL; the Store knows nothing of HTTP.
//
// Invariants kept here:
//   - a household has exactly one member whose relation is "Chủ hộ", and households.head_name
//     is that member's name;
//   - an ID number (số định danh cá nhân, 12 digits) is unique within a commune;
//   - personal identifiers enter the hash-chained audit log masked, because the log can never
//     be edited (Decree 13/2023/NĐ-CP: personal data is kept to what the purpose needs).
package commune
