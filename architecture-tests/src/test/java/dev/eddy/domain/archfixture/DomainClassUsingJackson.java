package dev.eddy.domain.archfixture;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks the domain allow-list and the no-Jackson rule. */
public class DomainClassUsingJackson {
    private final ObjectMapper mapper = new ObjectMapper();

    public String write(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        return mapper.writeValueAsString(value);
    }
}
