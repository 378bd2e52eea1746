/**
 * The commands other modules send to the command side about what they observe (the edge: a superseded secret
 * presented, a secret presented from outside its token's allowed networks; the query side: a token close to its expiry). Here, in the published language, because those modules
 * must not depend on the command side; their handlers load the token and let it decide.
 */
package dev.tokenauthority.events.signal;
