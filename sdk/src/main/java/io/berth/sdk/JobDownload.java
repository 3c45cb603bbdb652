package io.berth.sdk;

import java.nio.file.Path;
import java.util.List;

/**
 * A job's archive, unpacked.
 *
 * @param dir          where: {@code <dir>/<job id>/}
 * @param linksLeftOut links the job left that point outside its directory (say, to a mounted volume), as
 *                     {@code path -> target}: not recreated on this machine
 */
public record JobDownload(Path dir, List<String> linksLeftOut) {
    public JobDownload {
        linksLeftOut = List.copyOf(linksLeftOut);
    }
}
