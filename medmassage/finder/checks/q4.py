OK_FORMAT = True

test = {   'name': 'q4',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert isinstance(best_certainty('lymphoedema', 'manual-lymphatic-drainage'), Certainty) and best_certainty('leg-cramps', 'swedish') is None\n",
                                       'failure_message': 'best_certainty should return a Certainty when findings exist and None when there are none',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert isinstance(weak_approaches, list) and set(weak_approaches) <= set(kb.conditions[patient.condition].approaches)\n',
                                       'failure_message': "weak_approaches should be a list of technique ids taken from the patient's condition's approaches",
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
