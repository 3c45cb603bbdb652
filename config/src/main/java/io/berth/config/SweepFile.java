package io.berth.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sweep written down ({@code berth sweep --params-file sweep.yaml}): exactly one of
 * <pre>
 * grid:                 # every combination, the first key varying slowest
 *   lr: [0.1, 0.01]
 *   batch: [32, 64]
 * random:               # n draws; the same seed draws the same sets
 *   n: 20
 *   seed: 7
 *   params:
 *     lr: loguniform(1e-4, 1e-1)
 *     opt: [adam, sgd]  # a list is a choice
 * sets:                 # these sets, in this order
 *   - {lr: 0.1, batch: 32}
 * </pre>
 * Distributions stay text here; the CLI reads them.
 */
public record SweepFile(Map<String, List<Object>> grid, RandomDraws random, List<Map<String, Object>> sets) {

    /** @param seed null for a new seed each time */
    public record RandomDraws(Integer n, Long seed, Map<String, Object> params) {
        public RandomDraws {
            if (n == null || n < 1) {
                throw ConfigException.invalid("n", "the number of jobs to draw, 1 or more, is required");
            }
            if (params == null || params.isEmpty()) {
                throw ConfigException.invalid("params", "required: a distribution for each parameter");
            }
        }
    }

    public SweepFile {
        if (grid != null && grid.isEmpty()) {
            throw ConfigException.invalid("grid", "no parameters to sweep over");
        }
        if (sets != null && sets.isEmpty()) {
            throw ConfigException.invalid("sets", "no parameter sets");
        }
    }

    /** @throws ConfigException naming the file, and the line and key where it can */
    public static SweepFile load(Path file) {
        SweepFile sweep = YamlFiles.read(file, SweepFile.class);
        if (sweep == null) {
            throw new ConfigException(file, null, null, "is empty; expected grid:, random: or sets:");
        }
        // checked here, not in the constructor, so that a misspelt key is reported as such first
        int kinds = (sweep.grid != null ? 1 : 0) + (sweep.random != null ? 1 : 0) + (sweep.sets != null ? 1 : 0);
        if (kinds != 1) {
            throw new ConfigException(file, null, null, "expected exactly one of grid, random or sets, got "
                    + (kinds == 0 ? "none" : "more than one"));
        }
        return sweep;
    }
}
