/**
 * The JSON bodies of Berth's REST API, shared by the SDK and the server so neither imports the
 * other. Records only; field names are the JSON names.
 */
package io.berth.wire;
