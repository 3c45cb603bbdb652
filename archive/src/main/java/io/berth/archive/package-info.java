/**
 * Reading tar.gz archives that come from elsewhere: project bundles on the server, job archives on the
 * client. Imports commons-compress and nothing of Berth's, so both ends can use it.
 */
package io.berth.archive;
