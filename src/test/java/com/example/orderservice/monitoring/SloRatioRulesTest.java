package com.example.orderservice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

class SloRatioRulesTest {

    @Test
    void theCommittedRuleFileIsWhatTheGeneratorWrites() throws IOException {
        assertEquals(SloRatioRules.render(), Files.readString(SloRatioRules.FILE),
                SloRatioRules.FILE + " is not what SloRatioRules writes; regenerate it with: " + SloRatioRules.COMMAND);
    }
}
