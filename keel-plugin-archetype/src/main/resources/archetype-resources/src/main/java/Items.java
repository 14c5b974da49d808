package ${package};

import java.util.ArrayList;
import java.util.List;

import dev.keel.api.http.FieldError;

/** The plugin's rules, kept apart from HTTP and SQL so a plain unit test checks them. */
public final class Items {

    /** The plugin's name: routes below {@code /api/${pluginName}/}, events below {@code ${pluginName}/}. */
    public static final String NAME = "${pluginName}";

    /** The topic posted on EventAdmin when an item was created (properties id, name, quantity). */
    public static final String CREATED = NAME + "/item/CREATED";

    private Items() {
    }

    /** What is wrong with a new item's fields; empty when nothing is. */
    public static List<FieldError> check(String name, Integer quantity, int maxQuantity) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is missing"));
        } else if (name.length() > 200) {
            errors.add(new FieldError("name", "is longer than 200 characters"));
        }
        if (quantity == null) {
            errors.add(new FieldError("quantity", "is missing"));
        } else if (quantity < 0 || quantity > maxQuantity) {
            errors.add(new FieldError("quantity", "must be between 0 and " + maxQuantity));
        }
        return errors;
    }

    /** The one-line summary of a list of items. */
    public static String summary(int count) {
        return count == 1 ? "1 item" : count + " items";
    }
}
