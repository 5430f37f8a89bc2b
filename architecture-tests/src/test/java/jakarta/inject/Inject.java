package jakarta.inject;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stands in for {@code jakarta.inject.Inject}, which is on no Eddy class path. ArchUnit's
 * field-injection rule recognises injection annotations by their name only, so a fixture needs an
 * annotation of this name to prove the rule bites; nothing else uses it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Inject {
}
