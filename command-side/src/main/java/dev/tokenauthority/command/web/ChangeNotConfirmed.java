package dev.tokenauthority.command.web;

/**
 * A write was recorded, but this node could not confirm within its bound that the change is in effect here (its
 * read models did not reach the change's event). The call must not answer as if it were: it answers 503, and the
 * change stays recorded and will take effect; repeating the call is safe.
 */
final class ChangeNotConfirmed extends RuntimeException {

    ChangeNotConfirmed(long position) {
        super("read models did not reach event " + position + " in time", null, false, false);
    }
}
