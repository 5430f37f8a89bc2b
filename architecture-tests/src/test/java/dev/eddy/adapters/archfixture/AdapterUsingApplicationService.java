package dev.eddy.adapters.archfixture;

import dev.eddy.application.service.ProcessChangeBatchService;

/** Breaks the adapters rule: it holds an application service instead of its inbound port. */
public class AdapterUsingApplicationService {
    private final ProcessChangeBatchService service;

    public AdapterUsingApplicationService(ProcessChangeBatchService service) {
        this.service = service;
    }

    public ProcessChangeBatchService service() {
        return service;
    }
}
