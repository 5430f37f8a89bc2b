package dev.eddy.application.port.in.archfixture;

import java.util.List;

/** Breaks the one-method rule for inbound ports: two use cases in one interface. */
public interface ListAndCountChangesUseCase {
    List<String> list(String table);

    int count(String table);
}
