package dev.eddy.adapters.archfixture;

/** Breaks the standard-streams rule. */
public class AdapterPrintingToStandardOut {
    public void print(String line) {
        System.out.println(line);
    }
}
