package dev.eddy.application.port.out.archfixture;

/** Keeps the naming rule: "Laws" holds the letters "aws" but no technology word. */
public interface LawsLedger {
    void record(String law);
}
