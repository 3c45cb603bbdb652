/**
 * The admission policy: which queued jobs start now, on which node, with which GPU ids, and why each
 * other job waits or can never run. {@link io.berth.daemon.core.admission.AdmissionPolicy} is a pure function of the
 * queue, the nodes (capacity and labels) and the running jobs; it imports only the JDK.
 */
package io.berth.daemon.core.admission;
