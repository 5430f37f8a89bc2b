/**
 * Classes that break the architecture rules on purpose, to prove each rule can fail. They are
 * test classes, so the import of production classes leaves them out.
 */
package dev.eddy.application.archfixture;
