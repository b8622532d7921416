package ingest_test

// samplePath is the real sample report, embedded in package data.
const samplePath = "../data/samples/voortgangsrapportage-2017.txt"
