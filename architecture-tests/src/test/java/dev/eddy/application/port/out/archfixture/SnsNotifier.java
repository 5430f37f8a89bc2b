package dev.eddy.application.port.out.archfixture;

/** Breaks the naming rule for outbound ports: it names a technology. */
public interface SnsNotifier {
    void notify(String message);
}
